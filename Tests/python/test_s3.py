"""Amazon S3 through `stepwise serve --aws-endpoint URL` against moto's server (an S3 this project did not write):
`arn:aws:states:::aws-sdk:s3:*` (GetObject, PutObject, HeadObject, CopyObject, ListObjectsV2, DeleteObject) with
S3's errors named `S3.<Code>Exception`, and a Distributed Map's ItemReader reading JSON, JSONL and CSV objects and
listings from the endpoint. boto3 creates the buckets and checks the objects."""
import gzip
import json

import pytest

from test_aws_endpoint import aws, moto, run, sfn  # noqa: F401  (fixtures)

BUCKET = "stepwise-s3-tests"


@pytest.fixture(scope="module")
def s3(moto):  # noqa: F811
    client = aws(moto, "s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def task(action, parameters, **extra):
    state = {"Type": "Task", "Resource": f"arn:aws:states:::aws-sdk:s3:{action}", "Parameters": parameters}
    state.update(extra)
    return state


def test_put_get_head_copy_list_delete(sfn, s3):  # noqa: F811
    states = {
        "Put": task("putObject", {"Bucket": BUCKET, "Key": "orders/o 1.json", "Body.$": "$.order", "ContentType": "application/json",
                                  "Metadata": {"origin": "stepwise"}}, ResultPath="$.put", Next="Get"),
        "Get": task("getObject", {"Bucket": BUCKET, "Key": "orders/o 1.json"}, ResultPath="$.got", Next="Head"),
        "Head": task("headObject", {"Bucket": BUCKET, "Key": "orders/o 1.json"}, ResultPath="$.head", Next="Copy"),
        "Copy": task("copyObject", {"Bucket": BUCKET, "Key": "archive/o1.json", "CopySource": f"{BUCKET}/orders/o 1.json"},
                     ResultPath="$.copy", Next="List"),
        "List": task("listObjectsV2", {"Bucket": BUCKET, "Prefix": "archive/"}, ResultPath="$.list", Next="Delete"),
        "Delete": task("deleteObject", {"Bucket": BUCKET, "Key": "orders/o 1.json"}, ResultPath="$.deleted", End=True),
    }
    described = run(sfn, "S3RoundTrip", states, "Put", {"order": {"id": 7, "item": "margherita"}})
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["put"]["ETag"].startswith('"')
    got = output["got"]
    assert json.loads(got["Body"]) == {"id": 7, "item": "margherita"}  # a JSON Body is sent as its text
    assert got["ContentType"] == "application/json"
    assert got["Metadata"] == {"origin": "stepwise"}
    assert got["ContentLength"] == len(got["Body"]) and got["ETag"] == output["put"]["ETag"]
    assert "Body" not in output["head"] and output["head"]["ContentLength"] == got["ContentLength"]
    assert output["copy"]["CopyObjectResult"]["ETag"]
    assert [item["Key"] for item in output["list"]["Contents"]] == ["archive/o1.json"]
    assert output["list"]["KeyCount"] == 1 and output["list"]["IsTruncated"] is False
    copied = s3.get_object(Bucket=BUCKET, Key="archive/o1.json")["Body"].read()
    assert json.loads(copied) == {"id": 7, "item": "margherita"}
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix="orders/").get("KeyCount") == 0


@pytest.mark.parametrize("action,parameters,error", [
    ("getObject", {"Bucket": BUCKET, "Key": "missing.json"}, "S3.NoSuchKeyException"),
    ("headObject", {"Bucket": BUCKET, "Key": "missing.json"}, "S3.NoSuchKeyException"),
    ("listObjectsV2", {"Bucket": "no-such-bucket-here"}, "S3.NoSuchBucketException"),
    ("getObject", {"Bucket": BUCKET}, "States.Runtime"),
    ("getObject", {"Bucket": BUCKET, "Key": "k", "Unknown": 1}, "States.Runtime"),
])
def test_errors_reach_catch_with_aws_names(sfn, s3, action, parameters, error):  # noqa: F811
    states = {
        "Call": task(action, parameters, Catch=[{"ErrorEquals": [error], "Next": "Caught"}], End=True),
        "Caught": {"Type": "Pass", "End": True},
    }
    described = run(sfn, f"S3Error{action}{len(parameters)}{error.split('.')[1][:6]}", states, "Call")
    if error == "States.Runtime":  # bad parameters: not catchable, the execution fails
        assert described["status"] == "FAILED" and described["error"] == error, described
        assert ("'Key' is required" in described["cause"]) or ("'Unknown' is not supported" in described["cause"])
        return
    assert described["status"] == "SUCCEEDED", described
    caught = json.loads(described["output"])
    assert caught["Error"] == error
    if error.startswith("S3."):
        assert "Service: S3, Status Code: 404" in caught["Cause"]


def distributed_map(reader, processor_state=None):
    return {"Run": {
        "Type": "Map", "ItemReader": reader,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Echo",
                          "States": {"Echo": processor_state or {"Type": "Pass", "End": True}}},
        "End": True}}


@pytest.mark.parametrize("name,body,config,expected", [
    ("items.json", json.dumps([{"n": 1}, {"n": 2}, {"n": 3}]), {"InputType": "JSON"}, [{"n": 1}, {"n": 2}, {"n": 3}]),
    ("items.jsonl", '{"n": 1}\n{"n": 2}\n', {"InputType": "JSONL"}, [{"n": 1}, {"n": 2}]),
    ("items.csv", 'id,name\n1,"a, b"\n2,c\n', {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
     [{"id": "1", "name": "a, b"}, {"id": "2", "name": "c"}]),
])
def test_item_reader_reads_an_object_from_the_endpoint(sfn, s3, name, body, config, expected):  # noqa: F811
    s3.put_object(Bucket=BUCKET, Key=f"input/{name}", Body=body.encode())
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": config,
                              "Parameters": {"Bucket": BUCKET, "Key": f"input/{name}"}})
    described = run(sfn, "Reader" + name.replace(".", ""), states, "Run")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == expected


def test_item_reader_lists_a_prefix_and_max_items(sfn, s3):  # noqa: F811
    for index in range(5):
        s3.put_object(Bucket=BUCKET, Key=f"listing/part-{index}.txt", Body=b"x" * index)
    states = distributed_map({"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": BUCKET, "Prefix": "listing/"}})
    described = run(sfn, "ReaderList", states, "Run")
    assert described["status"] == "SUCCEEDED", described
    items = json.loads(described["output"])
    assert [item["Key"] for item in items] == [f"listing/part-{index}.txt" for index in range(5)]
    assert [item["Size"] for item in items] == [0, 1, 2, 3, 4]
    assert all(isinstance(item["LastModified"], int) and item["Etag"].startswith('"') for item in items)
    states["Run"]["ItemReader"]["ReaderConfig"] = {"MaxItems": 2}
    described = run(sfn, "ReaderListMax", states, "Run")
    assert [item["Key"] for item in json.loads(described["output"])] == ["listing/part-0.txt", "listing/part-1.txt"]


def test_item_reader_errors_fail_the_map_with_item_reader_failed(sfn, s3):  # noqa: F811
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject",
                              "Parameters": {"Bucket": BUCKET, "Key": "input/none.json"}})
    described = run(sfn, "ReaderMissing", states, "Run")
    assert described["status"] == "FAILED"
    assert described["error"] == "States.ItemReaderFailed"
    assert "NoSuchKey" in described["cause"]


def test_item_reader_reads_an_s3_inventory_manifest_from_the_endpoint(sfn, s3):  # noqa: F811
    # An S3 Inventory report as S3 writes it: manifest.json naming gzip-compressed CSV data files in the destination
    # bucket (its ARN), each row an object of the source bucket with the manifest's fileSchema as its fields.
    rows = [("source-bucket", "photos/a.jpg", "120"), ("source-bucket", "photos/b c.jpg", "80"), ("source-bucket", "z.txt", "3")]
    data = ["".join('"%s","%s","%s"\n' % row for row in rows[:2]), '"%s","%s","%s"\n' % rows[2]]
    for index, text in enumerate(data):
        s3.put_object(Bucket=BUCKET, Key=f"inventory/data/part-{index}.csv.gz", Body=gzip.compress(text.encode()))
    manifest = {"sourceBucket": "source-bucket", "destinationBucket": f"arn:aws:s3:::{BUCKET}", "version": "2016-11-30",
                "creationTimestamp": "1700000000000", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size",
                "files": [{"key": f"inventory/data/part-{index}.csv.gz", "size": 1, "MD5checksum": "0"} for index in range(2)]}
    s3.put_object(Bucket=BUCKET, Key="inventory/manifest.json", Body=json.dumps(manifest).encode())
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                              "Parameters": {"Bucket": BUCKET, "Key": "inventory/manifest.json"}})
    described = run(sfn, "ReaderInventory", states, "Run")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == [{"Bucket": b, "Key": k, "Size": n} for b, k, n in rows]


def test_create_state_machine_refuses_a_bad_reader_config(sfn):  # noqa: F811
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject",
                              "ReaderConfig": {"InputType": "JSONL", "CSVHeaderLocation": "GIVEN"},
                              "Parameters": {"Bucket": BUCKET, "Key": "k"}})
    with pytest.raises(sfn.exceptions.InvalidDefinition) as refused:
        sfn.create_state_machine(name="BadReaderConfig", roleArn="arn:aws:iam::123456789012:role/r",
                                 definition=json.dumps({"StartAt": "Run", "States": states}))
    message = refused.value.response["Error"]["Message"]
    assert "SCHEMA_VALIDATION_FAILED" in message and "/States/Run/ItemReader/ReaderConfig" in message


def writer_machine(writer, tolerated=None, array_output=False):
    processor = {
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 2, "Next": "Boom"}], "Default": "Double"},
            "Boom": {"Type": "Fail", "Error": "Item.Bad", "Cause": "two is bad"},
            "Double": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.n, $.n)", "list.$": "States.Array($.n, $.n)"},
                       "End": True},
        },
    }
    if array_output:
        processor["States"]["Double"]["OutputPath"] = "$.list"
    state = {"Type": "Map", "ItemsPath": "$.items", "ResultWriter": writer,
             "ItemProcessor": dict(processor, ProcessorConfig={"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}),
             "End": True}
    if tolerated is not None:
        state["ToleratedFailureCount"] = tolerated
    return {"Run": state}


ITEMS = {"items": [{"n": 1}, {"n": 2}, {"n": 3}]}


def test_result_writer_writes_manifest_and_result_files_to_the_endpoint(sfn, s3):  # noqa: F811
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "runs"}}
    described = run(sfn, "WriterS3", writer_machine(writer, tolerated=1), "Run", ITEMS)
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    run_arn = output["MapRunArn"]
    run_id = run_arn.rsplit(":", 1)[1]
    assert ":mapRun:WriterS3/Run:" in run_arn
    assert output["ResultWriterDetails"] == {"Bucket": BUCKET, "Key": f"runs/{run_id}/manifest.json"}
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"runs/{run_id}/manifest.json")["Body"].read())
    assert manifest["DestinationBucket"] == BUCKET and manifest["MapRunArn"] == run_arn
    assert manifest["ResultFiles"]["PENDING"] == []
    [succeeded_file] = manifest["ResultFiles"]["SUCCEEDED"]
    [failed_file] = manifest["ResultFiles"]["FAILED"]
    assert succeeded_file["Key"] == f"runs/{run_id}/SUCCEEDED_0.json"
    body = s3.get_object(Bucket=BUCKET, Key=succeeded_file["Key"])["Body"].read()
    assert succeeded_file["Size"] == len(body)
    succeeded = json.loads(body)
    assert [json.loads(record["Input"]) for record in succeeded] == [{"n": 1}, {"n": 3}]
    assert [json.loads(record["Output"])["twice"] for record in succeeded] == [2, 6]
    assert all(record["Status"] == "SUCCEEDED" and record["ExecutionArn"].startswith(
        run_arn.replace(":mapRun:", ":execution:").rsplit(":", 1)[0]) for record in succeeded)
    failed = json.loads(s3.get_object(Bucket=BUCKET, Key=failed_file["Key"])["Body"].read())
    assert [(record["Status"], record["Error"], record["Cause"]) for record in failed] == [("FAILED", "Item.Bad", "two is bad")]
    described_run = sfn.describe_map_run(mapRunArn=run_arn)
    assert described_run["executionCounts"]["resultsWritten"] == 3 and described_run["itemCounts"]["resultsWritten"] == 3


def test_result_writer_to_a_local_directory_with_writer_config(tmp_path):
    from conftest import Server
    server = Server("--in-memory", "--s3-directory", f"local-out={tmp_path}")
    try:
        client = server.client()
        writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "local-out", "Prefix": "jobs/"},
                  "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}
        items = {"items": [{"n": 1}, {"n": 3}]}
        described = run(client, "WriterLocal", writer_machine(writer), "Run", items)
        assert described["status"] == "SUCCEEDED", described
        key = json.loads(described["output"])["ResultWriterDetails"]["Key"]
        assert key.startswith("jobs/") and key.endswith("/manifest.json")
        manifest = json.loads((tmp_path / key).read_text())
        [file] = manifest["ResultFiles"]["SUCCEEDED"]
        lines = (tmp_path / file["Key"]).read_text().splitlines()
        assert [json.loads(line)["twice"] for line in lines] == [2, 6]
        assert manifest["ResultFiles"]["FAILED"] == []

        flatten = {"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}
        described = run(client, "WriterFlatten", writer_machine(flatten, array_output=True), "Run", items)
        assert described["status"] == "SUCCEEDED", described
        assert json.loads(described["output"]) == [1, 1, 3, 3]  # each child's [n, n], flattened; nothing written

        missing = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "not-mapped", "Prefix": "x"}}
        described = run(client, "WriterMissing", writer_machine(missing), "Run", items)
        assert described["status"] == "FAILED"
        assert described["error"] == "States.ResultWriterFailed"
        assert "not-mapped" in described["cause"]
    finally:
        server.stop()


def test_stepwise_run_reads_items_and_writes_results_through_aws_endpoint(moto, s3, tmp_path):  # noqa: F811
    import os
    import subprocess

    from conftest import BINARY
    from test_aws_endpoint import CREDENTIALS
    s3.put_object(Bucket=BUCKET, Key="run/items.jsonl", Body=b'{"n": 1}\n{"n": 3}\n')
    definition = tmp_path / "map.asl.json"
    machine = writer_machine({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "from-run"}})
    del machine["Run"]["ItemsPath"]
    machine["Run"]["ItemReader"] = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                                    "Parameters": {"Bucket": BUCKET, "Key": "run/items.jsonl"}}
    definition.write_text(json.dumps({"StartAt": "Run", "States": machine}))
    result = subprocess.run(
        [BINARY, "run", str(definition), "--db", str(tmp_path / "run.sqlite"), "--aws-endpoint", moto],
        capture_output=True, text=True, env={**os.environ, **CREDENTIALS}, timeout=60)
    assert result.returncode == 0, result.stderr
    key = json.loads(result.stdout)["ResultWriterDetails"]["Key"]
    assert key.startswith("from-run/")
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())
    [file] = manifest["ResultFiles"]["SUCCEEDED"]
    outputs = [json.loads(record["Output"]) for record in json.loads(s3.get_object(Bucket=BUCKET, Key=file["Key"])["Body"].read())]
    assert [output["twice"] for output in outputs] == [2, 6]


def test_streaming_against_moto_ranges_multipart_and_gzip_members(sfn, s3):  # noqa: F811
    # Against moto's S3 (an S3 this project did not write): a CSV read in ranged GETs with If-Match (MaxItems stops
    # after the first range), a results file over 5 MiB written by multipart upload (S3's ETag of an assembled object
    # ends in "-<parts>"), and an inventory data file of two gzip members compressed by Python's zlib.
    rows = "".join(f"{index},{'x' * 90}\n" for index in range(40_000))  # ~3.8 MB
    s3.put_object(Bucket=BUCKET, Key="stream/big.csv", Body=("id,pad\n" + rows).encode())
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject",
                              "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 3},
                              "Parameters": {"Bucket": BUCKET, "Key": "stream/big.csv"}},
                             {"Type": "Pass", "OutputPath": "$.id", "End": True})
    described = run(sfn, "StreamCsv", states, "Run")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == ["0", "1", "2"]

    text = "y" * 60_000
    s3.put_object(Bucket=BUCKET, Key="stream/wide.jsonl", Body="\n".join(json.dumps({"n": n, "t": text}) for n in range(100)).encode())
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                              "Parameters": {"Bucket": BUCKET, "Key": "stream/wide.jsonl"}})
    states["Run"]["ResultWriter"] = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": BUCKET, "Prefix": "stream/out"}}
    described = run(sfn, "StreamWriter", states, "Run")
    assert described["status"] == "SUCCEEDED", described
    manifest_key = json.loads(described["output"])["ResultWriterDetails"]["Key"]
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=manifest_key)["Body"].read())
    [file] = manifest["ResultFiles"]["SUCCEEDED"]
    head = s3.head_object(Bucket=BUCKET, Key=file["Key"])
    assert head["ContentLength"] == file["Size"] > 10 * 1024 * 1024
    assert head["ETag"].strip('"').endswith("-3")  # three parts: 5 MiB, 5 MiB, the rest
    records = json.loads(s3.get_object(Bucket=BUCKET, Key=file["Key"])["Body"].read())
    assert [json.loads(record["Output"])["n"] for record in records] == list(range(100))
    assert s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []

    members = gzip.compress(b'"b","one"\n"b","two"\n') + gzip.compress(b'"b","three"\n')
    s3.put_object(Bucket=BUCKET, Key="stream/inv/data.csv.gz", Body=members)
    manifest = {"destinationBucket": f"arn:aws:s3:::{BUCKET}", "fileFormat": "CSV", "fileSchema": "Bucket, Key",
                "files": [{"key": "stream/inv/data.csv.gz", "size": len(members), "MD5checksum": "0"}]}
    s3.put_object(Bucket=BUCKET, Key="stream/inv/manifest.json", Body=json.dumps(manifest).encode())
    states = distributed_map({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                              "Parameters": {"Bucket": BUCKET, "Key": "stream/inv/manifest.json"}},
                             {"Type": "Pass", "OutputPath": "$.Key", "End": True})
    described = run(sfn, "StreamGzip", states, "Run")
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == ["one", "two", "three"]
