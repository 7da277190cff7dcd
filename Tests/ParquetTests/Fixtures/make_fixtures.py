"""Writes the Parquet fixtures of ParquetTests with pyarrow (run by hand, not by the tests).

    python make_fixtures.py   # from this folder; needs pyarrow (written with pyarrow 26)

Every value is a simple formula of the row number i, which ParquetFixtureTests repeats in Swift, so the tests
can assert exact values. Numbers are chosen exactly representable in float32.
"""
import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 10


def sample_table(rows=ROWS):
    """The table every codec/page-version variant holds (all LeRobot column shapes plus nulls)."""
    image_type = pa.struct([pa.field("bytes", pa.binary()), pa.field("path", pa.string())])
    schema = pa.schema([
        pa.field("index", pa.int64()),
        pa.field("required_index", pa.int64(), nullable=False),
        pa.field("timestamp", pa.float32()),
        pa.field("value", pa.float64()),
        pa.field("flag", pa.bool_()),
        pa.field("name", pa.string()),
        pa.field("maybe_int", pa.int64()),
        pa.field("observation.state", pa.list_(pa.float32(), 2)),
        pa.field("action", pa.list_(pa.float32())),
        pa.field("stats", pa.list_(pa.float64())),
        pa.field("counts", pa.list_(pa.int64())),
        pa.field("tasks", pa.list_(pa.string())),
        pa.field("required_list", pa.list_(pa.field("element", pa.float32(), nullable=False)), nullable=False),
        pa.field("observation.image", image_type),
        pa.field("nested", pa.list_(pa.list_(pa.float64()))),
    ], metadata={"huggingface": '{"info": {"features": {}}}', "sim2real": "fixture"})
    columns = {
        "index": [i for i in range(rows)],
        "required_index": [100 + i for i in range(rows)],
        "timestamp": [i * 0.25 for i in range(rows)],
        "value": [i * 1.5 - 3 for i in range(rows)],
        "flag": [i % 3 == 0 for i in range(rows)],
        "name": [None if i % 4 == 1 else f"name-{i}" for i in range(rows)],
        "maybe_int": [None if i % 3 == 1 else i * 1_000_000_000_000 for i in range(rows)],
        "observation.state": [[i * 0.5, -i * 0.25] for i in range(rows)],
        "action": [None if i % 5 == 2 else [] if i % 5 == 3 else [i + k * 0.25 for k in range(i % 3 + 1)]
                   for i in range(rows)],
        "stats": [[i * 0.125, i * 0.125 + 1] for i in range(rows)],
        "counts": [[i, i * i, -i] for i in range(rows)],
        "tasks": [["task a"] if i % 2 == 0 else ["task b", "ö unicode"] for i in range(rows)],
        "required_list": [[float(i)] * (i % 2 + 1) for i in range(rows)],
        "observation.image": [None if i == 7 else
                              {"bytes": bytes([i, i + 1, 255 - i]) * (i % 3 + 1),
                               "path": f"frame-{i:06d}.png" if i % 2 == 0 else None}
                              for i in range(rows)],
        "nested": [[[float(i)], [i + 0.5, i + 1.0]] for i in range(rows)],
    }
    return pa.table(columns, schema=schema)


def long_table(rows):
    """Many rows of distinct values, for many pages and for dictionary fallback."""
    return pa.table({
        "index": pa.array(range(rows), pa.int64()),
        "x": pa.array([i * 0.5 for i in range(rows)], pa.float64()),
        "v": pa.array([[i * 1.0, i + 0.5, -i * 1.0] for i in range(rows)], pa.list_(pa.float32())),
        "s": pa.array([f"s{i % 7}" if i % 11 else None for i in range(rows)], pa.string()),
        "label": pa.array([f"label-{i:05d}" for i in range(rows)], pa.string()),
    })


def main():
    table = sample_table()
    pq.write_table(table, "default_snappy_dictionary_v1.parquet")  # pyarrow defaults
    pq.write_table(table, "data_page_v2.parquet", data_page_version="2.0")
    pq.write_table(table, "zstd.parquet", compression="zstd")
    pq.write_table(table, "gzip.parquet", compression="gzip")
    pq.write_table(table, "uncompressed_plain.parquet", compression="none", use_dictionary=False)
    pq.write_table(table, "many_row_groups.parquet", row_group_size=3)
    pq.write_table(table, "legacy_item.parquet", use_compliant_nested_type=False)

    rows = 300
    pq.write_table(long_table(rows), "many_pages.parquet", data_page_size=256, write_batch_size=32,
                   row_group_size=120)
    pq.write_table(long_table(rows), "dictionary_fallback.parquet", dictionary_pagesize_limit=256,
                   data_page_size=512, write_batch_size=32, data_page_version="2.0")
    pq.write_table(long_table(rows), "dictionary_fallback_v1.parquet", dictionary_pagesize_limit=256,
                   data_page_size=512, write_batch_size=32)


if __name__ == "__main__":
    main()
