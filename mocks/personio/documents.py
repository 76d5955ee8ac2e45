"""Document uploads (``POST /v1/recruiting/applications/documents``): limits and types.

One file per request, multipart field ``file``, at most 20 MB, of the types REC1 lists.
The answer's ``extension`` is the file's (REC1's enum spells ``ppt`` as ``ptt``; the mock
answers ``ppt``, and its OpenAPI document lists both). ``mimetype`` is "detected": here,
from the extension.
"""

from __future__ import annotations

MAX_FILE_BYTES = 20 * 1024 * 1024
# The request may carry the multipart envelope around a file of the maximum size.
MAX_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024

MIMETYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "7z": "application/x-7z-compressed",
    "gz": "application/gzip",
    "rar": "application/vnd.rar",
    "zip": "application/zip",
    "bmp": "image/bmp",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "png": "image/png",
    "tif": "image/tiff",
    "csv": "text/csv",
    "txt": "text/plain",
    "rtf": "application/rtf",
    "mp4": "video/mp4",
    "3gp": "video/3gpp",
    "mov": "video/quicktime",
    "avi": "video/x-msvideo",
    "wmv": "video/x-ms-wmv",
}
EXTENSIONS: tuple[str, ...] = tuple(MIMETYPES)
CATEGORIES: tuple[str, ...] = (
    "cv",
    "cover-letter",
    "employment-reference",
    "certificate",
    "work-sample",
    "other",
)


def extension_of(filename: str | None) -> str | None:
    """The allowed extension of `filename`, or None when it has none we accept."""
    if not filename or "." not in filename:
        return None
    extension = filename.rsplit(".", 1)[1].lower()
    return extension if extension in MIMETYPES else None
