"""The wheel ships every rule page, so `kgraphlint rule CODE` works after a
plain `pip install kgraphlint`, not only from a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_every_rule_page(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=600,
    )
    (wheel,) = tmp_path.glob("kgraphlint-*.whl")
    shipped = {Path(name).name for name in zipfile.ZipFile(wheel).namelist() if "/rule_docs/" in name}
    pages = {p.name for p in (ROOT / "rules").glob("KG*.md")}
    assert pages and pages <= shipped
    # Keras's applications source, read where Keras is not installed, with its licence
    names = zipfile.ZipFile(wheel).namelist()
    vendored = {Path(name).name for name in names if "/vendor/keras_applications/" in name}
    expected = {p.name for p in (ROOT / "kgraphlint" / "vendor" / "keras_applications").iterdir() if p.is_file()}
    assert {"LICENSE", "NOTICE", "imagenet_utils.py", "resnet.py"} <= expected <= vendored
