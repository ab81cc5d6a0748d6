"""The production file store: any S3-compatible object store (MinIO, Tencent COS, Aliyun OSS, AWS S3)."""
