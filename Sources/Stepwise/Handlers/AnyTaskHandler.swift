import Foundation
import StatesLanguage

/// A handler on raw JSON: the form the worker runtime runs. Typed handlers and closures are adapted onto it.
///
/// Whatever the underlying handler throws comes out as a ``TaskFailure`` named as
/// ``TaskFailure/init(reporting:)`` says; input that does not decode fails with `DecodingError`.
public struct AnyTaskHandler: Sendable {
    /// The handler's name and defaults.
    public var defaults: TaskDefaults
    private let body: @Sendable (JSONValue, TaskContext) async throws -> JSONValue

    /// The activity this handler serves.
    public var activityName: String { defaults.activityName }

    /// A handler on raw JSON values (the closure form for JSON-shaped scripts).
    public init(
        _ defaults: TaskDefaults, run body: @escaping @Sendable (JSONValue, TaskContext) async throws -> JSONValue
    ) {
        self.defaults = defaults
        self.body = body
    }

    /// Adapts a typed handler: decodes its input and encodes its output with `TaskCoding` (JSON, ISO 8601 dates).
    public init<H: TaskHandler>(_ handler: H) {
        self.init(H.taskDefaults) { json, context in
            let input = try TaskCoding.decode(H.Input.self, from: json)
            return try TaskCoding.encode(try await handler.run(input, context: context))
        }
    }

    /// Adapts a typed closure handler.
    public init<Input, Output>(_ function: TaskFunction<Input, Output>) {
        self.init(function.defaults) { json, context in
            let input = try TaskCoding.decode(Input.self, from: json)
            return try TaskCoding.encode(try await function.body(input, context))
        }
    }

    /// Runs the handler on a JSON input.
    /// - Throws: ``TaskFailure``, the ASL error name and cause the worker reports.
    public func run(_ input: JSONValue, context: TaskContext) async throws(TaskFailure) -> JSONValue {
        do {
            return try await body(input, context)
        } catch {
            throw TaskFailure(reporting: error)
        }
    }
}

/// How task payloads are converted between Swift values and JSON: `JSONEncoder`/`JSONDecoder`'s conventions with
/// ISO 8601 dates, so a `Date` is an ASL timestamp that Choice rules and Wait steps can compare, and keys sorted.
///
/// Values are decoded from and encoded into the parsed JSON tree directly (see `TaskCoding+Tree.swift`): a task's
/// input is parsed once, from the text the worker receives, and its output written once, to the text it sends.
package enum TaskCoding {
    /// Encodes a value as a JSON value.
    package static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONTreeEncoder().encode(value)
    }

    /// Decodes a value from a JSON value.
    package static func decode<T: Decodable>(_ type: T.Type, from json: JSONValue) throws -> T {
        try JSONTreeDecoder().decode(type, from: json)
    }
}

/// A handler written as a closure, for small scripts: a name, typed input and output, and defaults.
///
/// ```swift
/// let bake = TaskFunction("Bake") { (pizza: Pizza, context) in pizza.baked() }
/// // in a workflow: Invoke(bake)
/// ```
public struct TaskFunction<Input: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    /// The activity name and the defaults of the steps that invoke it.
    public var defaults: TaskDefaults
    let body: @Sendable (Input, TaskContext) async throws -> Output

    public init(
        _ activityName: String, retry: [RetryPolicy] = [], catchers: [CatchPolicy] = [], timeout: Duration? = nil,
        heartbeat: Duration? = nil, run body: @escaping @Sendable (Input, TaskContext) async throws -> Output
    ) {
        self.defaults = TaskDefaults(
            activityName: activityName, retry: retry, catchers: catchers, timeout: timeout, heartbeat: heartbeat)
        self.body = body
    }

    /// Runs the closure directly (for tests).
    public func run(_ input: Input, context: TaskContext = .testing()) async throws -> Output {
        try await body(input, context)
    }
}

extension TaskHandler {
    /// Runs the handler the way a worker does, on JSON, without an engine: decodes `json`, runs, encodes the
    /// output. Use it to unit-test a handler together with its coding.
    /// - Throws: ``TaskFailure``, the error name and cause a worker would report.
    public func invoke(json: JSONValue, context: TaskContext = .testing()) async throws(TaskFailure) -> JSONValue {
        try await AnyTaskHandler(self).run(json, context: context)
    }

    /// Runs the handler on JSON text such as `#"{"size": 12}"#`; see ``invoke(json:context:)``.
    public func invoke(jsonText text: String, context: TaskContext = .testing()) async throws(TaskFailure) -> JSONValue {
        let input: JSONValue
        do { input = try JSONValue(parsing: text) } catch { throw TaskFailure(reporting: error) }
        return try await invoke(json: input, context: context)
    }
}
