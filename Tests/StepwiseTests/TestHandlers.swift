import Foundation
import Stepwise

// Small handlers and values the DSL tests lower. Only their types matter for lowering.

struct Request: Codable, Sendable, Equatable {
    var id: String
    var count: Int
    var items: [String]
    var ready: Bool
    var due: Date?
    var delay: Int
    var label: String?

    enum Fields {
        static let id = Field<Request, String>(CodingKeys.id)
        static let count = Field(\Request.count)
        static let items = Field<Request, [String]>(CodingKeys.items)
        static let ready = Field(\Request.ready)
        static let due = Field<Request, Date>(jsonPath: "$.due")
        static let delay = Field(\Request.delay)
        static let label = Field(\Request.label)
    }
}

struct Summary: Codable, Sendable, Equatable {
    var total: Int
}

struct Item: Codable, Sendable, Equatable {
    var name: String
}

struct Validate: TaskHandler {
    func run(_ input: Request, context: TaskContext) async throws -> Request { input }
}

struct Summarize: TaskHandler {
    func run(_ input: Request, context: TaskContext) async throws -> Summary { Summary(total: input.count) }
}

struct Fetch: TaskHandler {
    static let activityName = "fetch-item"
    static let timeout: Duration? = .milliseconds(90_500)
    static let heartbeat: Duration? = .seconds(10)
    static let retry = [
        RetryPolicy(on: [.timeout, ErrorName.of(FetchError.self)], interval: .seconds(2), maxAttempts: 5, backoffRate: 1.5,
            maxDelay: .seconds(30), jitter: .full)
    ]
    static let catchers = [CatchPolicy(on: [.all], next: "Report", resultPath: .path("$.error"))]

    func run(_ name: String, context: TaskContext) async throws -> Item {
        try await context.heartbeat()
        guard !name.isEmpty else { throw FetchError.empty }
        return Item(name: name)
    }
}

enum FetchError: Error, CustomStringConvertible {
    case empty
    var description: String { "the item name is empty" }
}

struct IsReady: ChoicePredicate {
    func run(_ input: Request, context: TaskContext) async throws -> Bool { input.ready }
}

struct Report: TaskHandler {
    func run(_ input: Request, context: TaskContext) async throws -> Request { input }
}

struct Recover: TaskHandler {
    func run(_ input: CaughtError, context: TaskContext) async throws -> Summary { Summary(total: 0) }
}
