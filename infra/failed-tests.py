#!/usr/bin/env python3
"""Prints the failed tests of the .trx files under a results directory: name, assembly, message, where it failed.

Used by run-tests.sh just before its summary, so that a red run says why in its last lines (the console output of
test projects running side by side interleaves; the trx files keep each result whole).
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MAX_MESSAGE_LINES = 12
FRAME_WITH_SOURCE = re.compile(r"^\s*at (.+) in (.+):line (\d+)\s*$")


def first_frame_with_source(stack_trace):
    """The innermost frame that names a source file: where the assertion or the exception was."""
    for line in (stack_trace or "").splitlines():
        match = FRAME_WITH_SOURCE.match(line)
        if match:
            return f"at {match.group(1)} in {match.group(2)}:line {match.group(3)}"
    return None


def failed_results(path):
    root = ElementTree.parse(path).getroot()
    storage = {}
    for definition in root.iter(NAMESPACE + "UnitTest"):
        method = definition.find(NAMESPACE + "TestMethod")
        if method is not None:
            storage[definition.get("id")] = os.path.basename(method.get("codeBase") or "")
    for result in root.iter(NAMESPACE + "UnitTestResult"):
        if result.get("outcome") != "Failed":
            continue
        error = result.find(f"{NAMESPACE}Output/{NAMESPACE}ErrorInfo")
        message = error.findtext(NAMESPACE + "Message") if error is not None else None
        stack = error.findtext(NAMESPACE + "StackTrace") if error is not None else None
        yield result.get("testName"), storage.get(result.get("testId"), ""), message, stack


def main(results_directory):
    failures = []
    for path in sorted(glob.glob(os.path.join(results_directory, "**", "*.trx"), recursive=True)):
        try:
            failures.extend(failed_results(path))
        except ElementTree.ParseError as error:
            print(f"  (cannot read {path}: {error})")
    if not failures:
        return
    print(f"Failed tests ({len(failures)}):")
    for name, assembly, message, stack in failures:
        print(f"  {name}" + (f"  [{assembly}]" if assembly else ""))
        lines = (message or "(no message)").strip().splitlines()
        for line in lines[:MAX_MESSAGE_LINES]:
            print(f"      {line}")
        if len(lines) > MAX_MESSAGE_LINES:
            print(f"      ... ({len(lines) - MAX_MESSAGE_LINES} more lines in the trx file)")
        frame = first_frame_with_source(stack)
        if frame:
            print(f"      {frame}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "TestResults")
