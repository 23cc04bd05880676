"""Groups from links: linked items clustered, strongest link first, one item per article,
every two members at least loosely related and none apart from another."""


def cluster(links, items, vectors, chain_floor, apart=None) -> list[list[int]]:
    """Groups (of two or more articles) from scored links, strongest first. Two groups join
    only when they share no article (one sentence per article, so a shared neighbour cannot
    chain two facts), every cross pair is at least loosely related (CHAIN_FLOOR), and no
    cross pair states different facts (`apart`, when given: an Apart; a sentence linked to
    two others cannot chain a previous event's toll onto this one's)."""
    group = {}  # item -> (members, their articles, {signature: a member that may be apart})

    def alone(i):
        return [i], {items[i].article}, {apart.signature(i): i} if apart and apart.may(i) else {}

    for a, b, _ in sorted(links, key=lambda t: -t[2]):
        ga = group.get(a) or alone(a)
        gb = group.get(b) or alone(b)
        if ga is gb or ga[1] & gb[1]:
            continue
        if float((vectors[ga[0]] @ vectors[gb[0]].T).min()) < chain_floor:
            continue
        if any(apart(i, j) for i in ga[2].values() for j in gb[2].values()):
            continue
        if len(ga[0]) < len(gb[0]):
            ga, gb = gb, ga  # the smaller group joins the larger: each item moves O(log n) times
        ga[0].extend(gb[0])
        ga[1].update(gb[1])
        ga[2].update(gb[2])  # (members of one signature are apart from the same items)
        for i in (a, b, *gb[0]):
            group[i] = ga
    groups = {id(g): g[0] for g in group.values()}
    return sorted(sorted(g) for g in groups.values())


def apart_from(x: int, members, apart) -> bool:
    """Item x tells of another event than some member (`apart(x, member)`, when given: an
    Apart, which asks nothing of an item that may be apart from none)."""
    return apart is not None and apart.may(x) and any(apart(x, i) for i in members if apart.may(i))
