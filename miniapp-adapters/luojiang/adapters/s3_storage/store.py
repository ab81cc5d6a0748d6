"""Storage on an S3-compatible object store through aioboto3 (the maintained asyncio wrapper of
boto3): SigV4 signing, retries and multipart handling come from botocore, not from us.

Objects are written with their content type and a year-long Cache-Control (keys are
content-addressed); phones fetch them from ``public_base_url`` (the bucket's CDN), which serves
byte ranges itself.
"""

from __future__ import annotations

from typing import Any

import aioboto3
from botocore.config import Config
from botocore.exceptions import ClientError

from luojiang.core.storage.local import check_key
from luojiang.core.storage.ports import StoredObject

MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


class S3Storage:
    def __init__(
        self,
        bucket: str,
        endpoint_url: str,
        region: str,
        access_key_id: str,
        secret_access_key: str,
        public_base_url: str,
        max_age_seconds: int,
    ) -> None:
        self.bucket = bucket
        self.public_base = public_base_url.rstrip("/")
        self.cache_control = f"public, max-age={max_age_seconds}, immutable"
        self.session = aioboto3.Session(
            aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key, region_name=region
        )
        self.client_args: dict[str, Any] = {
            "endpoint_url": endpoint_url,
            # path-style addressing works with every S3-compatible store; bounded timeouts and retries
            "config": Config(
                s3={"addressing_style": "path"},
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        }

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        async with self.session.client("s3", **self.client_args) as s3:
            await s3.put_object(
                Bucket=self.bucket,
                Key=check_key(key),
                Body=data,
                ContentType=content_type,
                CacheControl=self.cache_control,
            )
        return StoredObject(key=key, size=len(data), content_type=content_type)

    async def get(self, key: str) -> bytes | None:
        async with self.session.client("s3", **self.client_args) as s3:
            try:
                response = await s3.get_object(Bucket=self.bucket, Key=check_key(key))
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in MISSING:
                    return None
                raise
            async with response["Body"] as body:
                data: bytes = await body.read()
                return data

    async def exists(self, key: str) -> bool:
        async with self.session.client("s3", **self.client_args) as s3:
            try:
                await s3.head_object(Bucket=self.bucket, Key=check_key(key))
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in MISSING:
                    return False
                raise
        return True

    async def delete(self, key: str) -> None:
        # S3 answers 204 whether or not the key exists; on a versioned bucket this adds a delete
        # marker and the older versions stay until the bucket's lifecycle rule expires them
        async with self.session.client("s3", **self.client_args) as s3:
            await s3.delete_object(Bucket=self.bucket, Key=check_key(key))

    def public_url(self, key: str) -> str:
        return f"{self.public_base}/{check_key(key)}"
