/**
 * Runs Python with Debian's boto3 pointed at the S3 test server (path-style, the test
 * credentials), with helpers `upload(folder, bucket, prefix)` and
 * `download(bucket, prefix, folder)` defined for the code, which sees the client as `s3`.
 */
import { execFileSync } from "node:child_process";
import { ACCESS_KEY, SECRET_KEY } from "./s3-server.js";

const PYTHON = "/usr/bin/python3";

export function runBoto3(endpoint: string, code: string, cwd: string): string {
  const prelude = `
import boto3, json, os, sys
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=${JSON.stringify(endpoint)},
                  aws_access_key_id="${ACCESS_KEY}", aws_secret_access_key="${SECRET_KEY}",
                  region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
def upload(folder, bucket, prefix):
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            s3.upload_file(path, bucket, prefix + os.path.relpath(path, folder))
def download(bucket, prefix, folder):
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            path = os.path.join(folder, item["Key"][len(prefix):])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            s3.download_file(bucket, item["Key"], path)
`;
  return execFileSync(PYTHON, ["-c", prelude + code], { cwd, encoding: "utf8" });
}
