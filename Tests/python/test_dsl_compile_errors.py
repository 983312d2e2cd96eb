"""The DSL's compile-time checks, as a user's compiler reports them: a `Succeed` that receives a value of another type
than the workflow's (or Parallel branch's, or Map iteration's) output does not compile (issue 10), and the error names
the problem.

Swift Testing cannot test that code does not compile, so this test type-checks snippets with `swiftc -typecheck`
against the modules the build already made (next to $STEPWISE_BIN, else .build/debug): no package is built. Every
snippet of CASES is one top-level declaration in one file, and the test expects the listed error within each case's
lines and no error outside them; a well-typed file type-checks cleanly, so a missing module cannot pass for the
expected errors.
"""
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("STEPWISE_BIN", str(ROOT / ".build" / "debug" / "stepwise"))).parent

PRELUDE = """
import Stepwise

struct Request: Codable, Sendable {
    var ready: Bool
    var count: Int
    var items: [String]
    enum Fields {
        static let ready = Field(\\Request.ready)
        static let count = Field(\\Request.count)
        static let items = Field<Request, [String]>(CodingKeys.items)
    }
}
struct Summary: Codable, Sendable {
    var total: Int
    enum Fields { static let total = Field(\\Summary.total) }
}
struct Item: Codable, Sendable {
    var name: String
    enum Fields { static let name = Field(\\Item.name) }
}

struct Validate: TaskHandler { func run(_ input: Request, context: TaskContext) async throws -> Request { input } }
struct Summarize: TaskHandler {
    func run(_ input: Request, context: TaskContext) async throws -> Summary { Summary(total: input.count) }
}
struct Reopen: TaskHandler {
    func run(_ input: Summary, context: TaskContext) async throws -> Request { Request(ready: true, count: input.total, items: []) }
}
struct Fetch: TaskHandler { func run(_ input: String, context: TaskContext) async throws -> Item { Item(name: input) } }
struct Parse: TaskHandler {
    func run(_ input: String, context: TaskContext) async throws -> Request { Request(ready: true, count: 0, items: []) }
}
struct Rename: TaskHandler {
    func run(_ input: Item, context: TaskContext) async throws -> Item { input }
}
struct IsReady: ChoicePredicate { func run(_ input: Request, context: TaskContext) async throws -> Bool { input.ready } }
"""

WORKFLOW_OUTPUT = "a Succeed in this workflow receives a value that is not the workflow's Output"

# (name, snippet, the error expected on the snippet's first line)
CASES = [
    ("issue 10: When { Succeed() } on the Choice's value in a Workflow<Request, [Item]>", """
let issue10 = Workflow("early-exit") {
    Invoke(Validate.self)
    Choice { When(Request.Fields.ready == true) { Succeed() } }
    Map(Request.Fields.items) { Invoke(Fetch.self) }
}""", WORKFLOW_OUTPUT),
    ("Otherwise { Succeed() } on a Request, Output Summary", """
let otherwise = Workflow("otherwise") {
    Invoke(Validate.self)
    Choice {
        When(Request.Fields.ready == false) { Fail(error: "NotReady") }
        Otherwise { Succeed() }
    }
    Invoke(Summarize.self)
}""", WORKFLOW_OUTPUT),
    ("a predicate Choice's branch", """
let predicate = Workflow("predicate") {
    Invoke(Validate.self)
    Choice(when: IsReady.self) { Succeed() }
    Invoke(Summarize.self)
}""", WORKFLOW_OUTPUT),
    ("a predicate Choice's otherwise", """
let predicateOtherwise = Workflow("predicate-otherwise") {
    Invoke(Validate.self)
    Choice(when: IsReady.self) { Fail(error: "Ready") } otherwise: { Succeed() }
    Invoke(Summarize.self)
}""", WORKFLOW_OUTPUT),
    ("a Succeed after a typed step, then steps reached by a jump", """
let sequence = Workflow("sequence") {
    Invoke(Validate.self)
    Succeed()
    Invoke(Summarize.self).named("Reached by a jump")
}""", WORKFLOW_OUTPUT),
    ("two Succeeds of one sequence receive different types", """
let twoExits = Workflow("two-exits") {
    Invoke(Validate.self)
    Choice { When(Request.Fields.ready == true) { Succeed() } }
    Invoke(Summarize.self)
    Succeed()
}""", "Succeed ends the workflow with its input, and an earlier Succeed of the workflow receives another type"),
    ("two branches of a Choice end the workflow with different types", """
let branches = Workflow("branches") {
    Invoke(Validate.self)
    Choice {
        When(Request.Fields.ready == true) { Succeed() }
        When(Request.Fields.count > 3) {
            Invoke(Summarize.self)
            Choice { When(Summary.Fields.total == 4) { Succeed() } }
            Invoke(Reopen.self)
        }
    }
}""", "two branches of this Choice end the workflow (Succeed) with values of different types"),
    ("a Parallel branch whose Succeed receives another type than the branch's output", """
let parallel = Workflow("parallel") {
    Parallel {
        Steps {
            Invoke(Validate.self)
            Choice { When(Request.Fields.ready == true) { Succeed() } }
            Invoke(Summarize.self)
        }
        Invoke(Validate.self)
    }
}""", "a Succeed in a Parallel branch ends that branch: it must receive the branch's output type"),
    ("a Map iteration whose Succeed receives another type than the iteration's output", """
let map = Workflow("map") {
    Invoke(Validate.self)
    Map(Request.Fields.items) {
        Invoke(Parse.self)
        Choice { When(Request.Fields.ready == true) { Succeed() } }
        Invoke(Summarize.self)
    }
}""", "a Succeed in a Map iteration ends that iteration: it must receive the iteration's output type"),
    ("a Map iteration with an ItemSelector whose Succeed receives another type than the iteration's output", """
let selected = Workflow("selected") {
    Invoke(Validate.self)
    Map(Request.Fields.items, itemSelector: ["name.$": "$$.Map.Item.Value"], as: Item.self) {
        Invoke(Rename.self)
        Choice { When(Item.Fields.name == "x") { Succeed() } }
        Invoke(activity: "name-of", input: Item.self, output: String.self)
    }
}""", "a Succeed in a Map iteration ends that iteration: it must receive the iteration's output type"),
    ("a Succeed in a catch recovery", """
let recovery = Workflow("recovery") {
    Invoke(Validate.self).catch([.all]) { Succeed() }
}""", "a Succeed in a catch recovery cannot be checked against the workflow's Output"),
    ("the typed chain's own check is unchanged", """
let chain = Workflow("chain") {
    Invoke(Validate.self)
    Invoke(Fetch.self)
}""", "this step's Input does not match the previous step's Output"),
]

WELL_TYPED = """
let ok = Workflow("ok") {
    Invoke(Validate.self)
    Choice {
        When(Request.Fields.ready == false) { Fail(error: "NotReady") }
        When(Request.Fields.count > 3) { Wait(.seconds(1)); Succeed() }
        Otherwise { Succeed() }
    }
    Choice(unless: IsReady.self) { Succeed() }
    Choice(when: IsReady.self) { Invoke(Validate.self) } otherwise: { Succeed() }
    Invoke(Validate.self)
}
let map = Workflow("map") {
    Invoke(Validate.self)
    Map(Request.Fields.items) { Invoke(Fetch.self) }
}
"""


def swiftc_typecheck(source: str, tmp_path: Path) -> subprocess.CompletedProcess:
    modules = BIN / "Modules"
    if not (modules / "Stepwise.swiftmodule").exists():
        pytest.fail(f"{modules} has no Stepwise.swiftmodule: build first (swift build --build-tests)")
    # The C modules the Swift modules import (SwiftPM's generated module maps and the packages' own).
    checkouts = ROOT / ".build" / "checkouts"
    maps = sorted({*BIN.glob("*.build/module.modulemap"), *ROOT.glob("Sources/*/include/module.modulemap"),
                   *checkouts.glob("*/Sources/*/include/module.modulemap"), *checkouts.glob("*/Sources/*/module.modulemap")})
    path = tmp_path / "main.swift"
    path.write_text(source)
    command = ["swiftc", "-typecheck", "-swift-version", "6", "-I", str(modules), str(path)]
    for modulemap in maps:
        command += ["-Xcc", f"-fmodule-map-file={modulemap}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_well_typed_early_exits_compile(tmp_path):
    result = swiftc_typecheck(PRELUDE + WELL_TYPED, tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_succeed_of_the_wrong_type_does_not_compile(tmp_path):
    source = PRELUDE
    ranges = []  # (first line, last line, case name, message)
    for name, snippet, message in CASES:
        first = source.count("\n") + 2  # the snippet starts with a newline
        source += snippet
        ranges.append((first, source.count("\n") + 1, name, message))
    source += "\n"
    result = swiftc_typecheck(source, tmp_path)
    assert result.returncode != 0
    errors = [(int(m.group(1)), m.group(2))
              for m in re.finditer(r"^\S*main\.swift:(\d+):\d+: error: (.*)$", result.stderr, flags=re.M)]
    for first, last, name, message in ranges:
        found = [error for line, error in errors if first <= line <= last]
        assert any(message in error for error in found), (name, found, result.stderr)
    # No error outside the cases (in the prelude): each case fails for its own reason.
    stray = [(line, error) for line, error in errors if not any(first <= line <= last for first, last, _, _ in ranges)]
    assert not stray, (stray, result.stderr)
