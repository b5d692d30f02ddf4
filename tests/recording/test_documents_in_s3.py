"""Documents in an S3-compatible store, tested against moto's S3 server on loopback (no network)."""

import hashlib
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from opencsc.recording import documents
from opencsc.recording.models import Document, _document_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% kept in S3\n%%EOF\n"


@pytest.fixture
def s3_server(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}.items():
        monkeypatch.setenv(name, value)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2")
    client.create_bucket(Bucket="opencsc-documents", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    yield endpoint, client
    server.stop()


def test_a_document_goes_to_the_configured_s3_store_with_its_digest_and_comes_back_whole(s3_server, settings, monkeypatch, child):
    endpoint, client = s3_server
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "opencsc-documents", "endpoint_url": endpoint, "region_name": "eu-west-2", "default_acl": None,
        "file_overwrite": False, "object_parameters": {"ServerSideEncryption": "AES256"}}}}
    store = _document_storage()
    assert type(store).__name__ == "S3Storage"  # the settings choose the store
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", store)
    document = documents.add_document(child, data=PDF, original_name="report.pdf", title="Report", kind="report",
                                      date=child.date_of_birth)
    stored = client.get_object(Bucket="opencsc-documents", Key=document.file.name)
    assert stored["Body"].read() == PDF and stored.get("ServerSideEncryption") == "AES256"
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert documents.read_document(Document.objects.get(pk=document.pk)) == PDF
    client.put_object(Bucket="opencsc-documents", Key=document.file.name, Body=b"%PDF-1.4 changed in the bucket")
    with pytest.raises(documents.Tampered):
        documents.read_document(Document.objects.get(pk=document.pk))
