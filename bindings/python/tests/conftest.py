"""Shared fixtures. Environment (set by tests/python.cmake under ctest):
KHPARSE_LIB  the libkhparse.so under test
KHPARSE_CLI  the khparse command (for comparisons; tests needing it skip without it)
Run by hand:  KHPARSE_LIB=build/src/libkhparse.so KHPARSE_CLI=build/khparse \
              /usr/bin/python3 -m pytest bindings/python/tests
"""
import glob
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the package from this checkout
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

SAMPLE = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
Số: 14/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Yên Bái, ngày 17 tháng 01 năm 2024

KẾ HOẠCH
Công tác truyền thông chính sách năm 2024

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu quả công tác truyền thông chính sách.

II. NỘI DUNG
1. Tổ chức truyền thông dự thảo chính sách
- Chủ trì: Sở Tư pháp
- Phối hợp: Sở Thông tin và Truyền thông; UBND các huyện, thị xã, thành phố
- Thời gian thực hiện: Thường xuyên

III. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông
- Chủ trì, phối hợp với các cơ quan liên quan hướng dẫn thực hiện Kế hoạch.
"""


def corpus_inputs():
    return sorted(glob.glob(os.path.join(ROOT, "corpus", "*", "input.*")))


@pytest.fixture(scope="session")
def cli():
    p = os.environ.get("KHPARSE_CLI")
    if not p:
        for cand in sorted(glob.glob(os.path.join(ROOT, "build*", "khparse")), key=os.path.getmtime, reverse=True):
            p = cand
            break
    if not p or not os.access(p, os.X_OK):
        pytest.skip("khparse CLI not found (set KHPARSE_CLI)")
    return p


@pytest.fixture
def archive(tmp_path):
    """A small archive: corpus texts in sub-directories, a bad file, an empty file,
    a symlink loop, quotes/commas/newlines in a file name."""
    root = tmp_path / "archive"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "sample.txt").write_text(SAMPLE, encoding="utf-8")
    for i, p in enumerate(corpus_inputs()[:6]):
        d = root / ("a/b" if i % 2 else "c")
        d.mkdir(parents=True, exist_ok=True)
        (d / (os.path.basename(os.path.dirname(p)) + ".txt")).write_bytes(open(p, "rb").read())
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (root / 'odd, "name".txt').write_text(SAMPLE, encoding="utf-8")
    (root / os.fsdecode(b"bad\xffname.txt")).write_text(SAMPLE, encoding="utf-8")  # not UTF-8
    (root / "a" / "b" / "loop").symlink_to("../..")
    (root / ".hidden.txt").write_text("skipped", encoding="utf-8")
    return root
