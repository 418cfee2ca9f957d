"""The ctypes bindings against the built library (and the CLI when available)."""
import json
import os
import subprocess
import threading

import pytest

import khparse
from conftest import SAMPLE, corpus_inputs


def test_version_and_library():
    assert khparse.version() == "0.1.0"
    assert os.path.exists(khparse.library_path())
    assert isinstance(khparse.has_feature("ocr"), bool)


def test_parse_text_returns_contract_dict():
    d = khparse.parse_text(SAMPLE, name="plan.txt")
    assert d["schema_version"] == 1
    assert d["source"]["name"] == "plan.txt"
    for key in ("document", "references", "sections", "tasks", "diagnostics"):
        assert key in d


def test_parse_text_as_json_is_compact_json():
    s = khparse.parse_text(SAMPLE, as_json=True)
    assert isinstance(s, str) and "\n" not in s
    assert json.loads(s)["schema_version"] == 1


def test_parse_file_and_bytes_agree(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    assert khparse.parse_file(str(p)) == khparse.parse_bytes(SAMPLE.encode(), name="plan.txt")


def test_missing_file_raises_with_code_and_message(tmp_path):
    with pytest.raises(khparse.KhparseError) as ei:
        khparse.parse_file(str(tmp_path / "nope.txt"))
    e = ei.value
    assert e.code == khparse.ERR_IO == -3
    assert e.name == "KH_ERR_IO"
    assert "nope.txt" in e.message


def test_bad_option_values_are_rejected():
    with pytest.raises(ValueError):
        khparse.Parser(encoding="klingon")
    with pytest.raises(TypeError):
        khparse.Parser(no_such_option=1)


def test_options_are_applied():
    with khparse.Parser(encoding="utf-8", restore="off", max_input_bytes=1 << 20) as p:
        with p.parse(SAMPLE) as r:
            assert r.to_dict()["source"]["input_encoding"] == "utf-8"


def test_handles_close_and_context_managers():
    p = khparse.Parser()
    r = p.parse(SAMPLE)
    r.close()
    r.close()  # idempotent
    with pytest.raises(ValueError):
        r.json()
    p.close()
    with pytest.raises(ValueError):
        p.parse(SAMPLE)


def test_accessors_agree_with_json():
    with khparse.Parser() as p, p.parse(SAMPLE, name="x.txt") as r:
        d = r.to_dict()
        tasks = r.tasks()
        assert len(tasks) == len(d["tasks"])
        for t, j in zip(tasks, d["tasks"]):
            assert t["id"] == j["id"]
            assert [u["name"] for u in t["lead"]] == [u["name"] for u in j["lead"]]
        assert len(r.diagnostics()) == len(d["diagnostics"])
        assert len(r.references()) == len(d["references"])
        assert r.document("number") == d["document"]["number"]
        assert r.has_errors == any(x["severity"] == "error" for x in d["diagnostics"])


def test_restore_returns_text():
    out = khparse.restore("Kế hoạch số 14\n".encode("utf-8"))
    assert isinstance(out, str) and "Kế hoạch" in out


def test_ocr_of_non_image_raises():
    with pytest.raises(khparse.KhparseError) as ei:
        khparse.ocr(b"not an image")
    assert ei.value.code in (khparse.ERR_FORMAT, khparse.ERR_UNSUPPORTED)


def test_bad_input_still_gives_a_result_or_error():
    for data in (b"", b"\xff\xfe\x00garbage\x00" * 50):
        try:
            d = khparse.parse_bytes(data)
            assert d["schema_version"] == 1
        except khparse.KhparseError as e:
            assert e.code < 0


def test_parsers_in_threads_give_identical_results():
    expected = khparse.parse_text(SAMPLE, as_json=True)
    got, errors = [], []

    def run():
        try:
            with khparse.Parser() as p:
                for _ in range(20):
                    with p.parse(SAMPLE) as r:
                        got.append(r.json())
        except Exception as e:  # pragma: no cover
            errors.append(e)

    ts = [threading.Thread(target=run) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    assert got == [expected] * 80


@pytest.mark.parametrize("path", corpus_inputs(), ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_corpus_binding_equals_cli(path, cli):
    """The corpus through the library (ctypes) gives the CLI's JSON byte for byte."""
    via_lib = khparse.parse_file(path, as_json=True)
    out = subprocess.run([cli, "parse", path], stdout=subprocess.PIPE, check=False)
    assert out.returncode in (0, 1)
    assert out.stdout.decode("utf-8") == via_lib + "\n"
    d = json.loads(via_lib)
    assert d["schema_version"] == 1
    assert d["source"]["name"] == os.path.basename(path)
