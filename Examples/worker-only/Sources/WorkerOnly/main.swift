import Foundation
import Stepwise

// A worker process for a workflow that runs elsewhere (AWS Step Functions, or `stepwise serve`): it serves the
// `greet` activity until it is stopped. Built without the embedded engine (see Package.swift).

struct Greet: TaskHandler {
    struct Input: Codable, Sendable { var name: String }
    struct Output: Codable, Sendable { var greeting: String }
    func run(_ input: Input, context: TaskContext) async throws -> Output {
        Output(greeting: "Hello, \(input.name)!")
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: WorkerOnly ENDPOINT   (for example http://127.0.0.1:8083)")
    exit(2)
}
let backend = try StepFunctionsClient(endpoint: arguments[1])
let worker = ActivityWorker(backend: backend, placements: [.here(Greet(), slots: 4)])
try await worker.run()
