"""Install hook: bundle libkhparse.so into the package when one can be found.

Looked for, in order: $KHPARSE_LIB, the freshest ../../build*/src/libkhparse.so of the
source checkout. If none is found the package still installs and loads the library at
run time from $KHPARSE_LIB or the system (ctypes.util.find_library), see khparse/_native.py.
Works offline: pip install --no-build-isolation bindings/python
"""
import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def find_lib():
    env = os.environ.get("KHPARSE_LIB")
    if env and os.path.isfile(env):
        return env
    root = os.path.dirname(os.path.dirname(HERE))
    found = glob.glob(os.path.join(root, "build*", "src", "libkhparse.so"))
    found.sort(key=os.path.getmtime, reverse=True)
    return found[0] if found else None


class BuildPyWithLib(build_py):
    def run(self):
        super().run()
        lib = find_lib()
        if lib:
            dest = os.path.join(self.build_lib, "khparse", "libkhparse.so")
            shutil.copyfile(os.path.realpath(lib), dest)
            print("khparse: bundled %s" % lib)
        else:
            print("khparse: no libkhparse.so found to bundle; set KHPARSE_LIB at run time")


setup(cmdclass={"build_py": BuildPyWithLib})
