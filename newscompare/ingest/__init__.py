"""Turning bytes into Articles, safely.

decoding.py   bytes -> text: UTF-8 (BOM or not), other encodings via charset-normalizer,
              binary refused
html.py       saved web pages -> main text and metadata (trafilatura)
content.py    is it an article? no runs without a sentence break, not site furniture alone
readers.py    files, folders, JSON/JSONL and zip archives -> records (the CLI and uploads share it)
fetch.py      URLs -> page bytes, with SSRF protection; only ever called by the background job
uploads.py    an upload (admin page or API): store files now, leave URLs pending, schedule the job
tasks.py      the job: fetch pending URLs, then queue indexing
upload_handler.py  Django upload handler with per-file and per-upload caps
admin.py, admin_views.py, api.py, urls.py   the admin upload page and the JSON endpoint
A parser hands over news.records.ArticleRecord / Rejection; the article's language is
lib/language.py's.
"""
