"""The Python side of the batch layout (khparse._batch) on its own."""
import json

from khparse import _batch


def test_rel_of_mirrors_input_paths():
    assert _batch.rel_of("archive/a.txt") == "archive/a.txt"
    assert _batch.rel_of("/data//archive/./a.txt") == "data/archive/a.txt"
    assert _batch.rel_of("../x/../a.txt") == "__/x/__/a.txt"
    assert _batch.rel_of("./") == "__"


def test_csv_quoting_is_rfc4180():
    root = {"document": {"number": "1/KH", "date": "2024-01-02", "issuer": {"name": 'Sở "A", B'}},
            "source": {"pages": 2},
            "tasks": [{"id": "1", "source": "plan", "title": "line1\nline2",
                       "lead": [{"name": "X"}, {"name": "Y, Z"}], "coordinate": [],
                       "deadline": {"kind": "by_date", "end": "2024-12", "text": "trước 12/2024"}}]}
    rows, pages, err = _batch.csv_rows("a.txt", root)
    assert pages == 2 and err is None
    assert rows == ('a.txt,1/KH,2024-01-02,"Sở ""A"", B",1,plan,"line1\nline2","X; Y, Z",,'
                    'by_date,,2024-12,trước 12/2024\r\n')


def test_index_line_is_compact_utf8_json():
    line = _batch.index_line("a/b.txt", "a/b.txt", "invalid", "0" * 64, 1, "empty_input: tệp rỗng\t")
    assert line == ('{"path":"a/b.txt","input":"a/b.txt","status":"invalid","sha256":"' + "0" * 64
                    + '","pages":1,"error":"empty_input: tệp rỗng\\t"}')
    assert json.loads(line)["pages"] == 1
    assert '"pages":null' in _batch.index_line("x", "x", "failed", None, -1, "No such file")


def test_first_error_diagnostic_is_reported():
    root = {"diagnostics": [{"code": "w", "severity": "warning", "message": "m"},
                            {"code": "empty_input", "severity": "error", "message": "empty"}]}
    _, pages, err = _batch.csv_rows("x", root)
    assert pages == -1 and err["code"] == "empty_input"
