import Foundation
import Testing

/// `deploy`, `start` and `history` on a temporary embedded database, by running the built binary: the machine name
/// a file gives, the line `start` prints, and where `history` places each event.
@Suite struct OperateCommandTests {
    static let arn = "arn:aws:states:us-east-1:123456789012"
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    /// A fresh directory for one test's files and database.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: [
        ("order-totals.asl.json", "order-totals"), ("flow.json", "flow"), ("Bake Pizza.asl.json", "Bake-Pizza"),
        ("report.asl", "report"),
    ])
    func machineNameComesFromTheFileName(_ file: String, _ machine: String) async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(file).path
        try Self.pass.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await Stepwise.run(["deploy", path, "--db", directory.appendingPathComponent("db.sqlite").path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "created \(Self.arn):stateMachine:\(machine)\n")
    }

    @Test func historyPlacesEventsInBranchesAndIterations() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested.asl.json").path
        try """
        {"StartAt": "Both", "States": {
          "Both": {"Type": "Parallel", "ResultPath": null, "Next": "Each", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
          "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "In", "States": {"In": {"Type": "Pass", "End": true}}}}}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let db = ["--db", directory.appendingPathComponent("db.sqlite").path]
        #expect(try await Stepwise.run(["deploy", path] + db).status == 0)
        let started = try await Stepwise.run(["start", "nested", "--name", "x", "--input", "[1, 2]", "--wait"] + db)
        #expect(started.status == 0, "\(started.error)")
        #expect(started.output.hasPrefix("started nested \(Self.arn):execution:nested:x\n"))
        let history = try await Stepwise.run(["history", "nested/x", "--utc"] + db)
        #expect(history.status == 0, "\(history.error)")
        let rows = history.output.split(separator: "\n").map { line in
            line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.first == ["TIME", "ELAPSED", "ID", "EVENT", "STATE", "ERROR", "CAUSE"])
        let placed = rows.dropFirst().map { Array($0.dropFirst(3)) }
        for expected in [
            ["PassStateEntered", "Both#0/A"], ["PassStateEntered", "Both#1/B"], ["ParallelStateSucceeded", "Both"],
            ["MapIterationStarted", "Each[0]"], ["PassStateExited", "Each[1]/In"], ["MapStateExited", "Each"],
        ] {
            #expect(placed.contains(expected), "\(expected) in \(placed)")
        }
        #expect(placed.last == ["ExecutionSucceeded"])
        #expect(rows.dropFirst().allSatisfy { $0.first?.hasSuffix("Z") == true })
    }
}
