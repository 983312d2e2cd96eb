public import Foundation
import OrderedCollections
import StatesLanguage

/// A Wait step: waits for a duration or until a time, then passes its input on unchanged.
///
/// ```swift
/// Wait(.minutes(2))                       // Seconds: 120 (whole seconds, rounded up)
/// Wait(until: launch)                     // Timestamp
/// Wait(secondsFrom: Order.Fields.delay)   // SecondsPath (a typed step: its input is the field's root)
/// Wait(untilFrom: Order.Fields.deliverAt) // TimestampPath
/// ```
public struct Wait: PassthroughStep, ConfigurableStep, LowersToStates {
    public var options = StepOptions()
    let configure: @Sendable (inout WaitState) -> Void

    /// Waits for `duration`.
    public init(_ duration: Duration) {
        let seconds = Duration.wholeSeconds(duration)
        configure = { $0.seconds = .int(seconds) }
    }

    /// Waits until `date` (an RFC 3339 timestamp in UTC).
    public init(until date: Date) {
        let timestamp = date.choiceOperand.stringValue ?? ""
        configure = { $0.timestamp = timestamp }
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try WaitLowering.lower(options: options, configure: configure, in: &context)
    }
}

/// A Wait step whose duration or time comes from a field of its input.
public struct WaitFor<Value: Codable & Sendable>: WorkflowStep, ConfigurableStep, LowersToStates {
    public typealias Input = Value
    public typealias Output = Value
    public var options = StepOptions()
    let configure: @Sendable (inout WaitState) -> Void
    let problem: String?

    /// Waits the number of seconds in `field` (`SecondsPath`).
    public init<Number: BinaryInteger>(secondsFrom field: Field<Value, Number>) {
        let path = field.path
        configure = { $0.secondsPath = path }
        problem = field.problem
    }

    /// Waits until the timestamp in `field` (`TimestampPath`).
    public init(untilFrom field: Field<Value, Date>) {
        let path = field.path
        configure = { $0.timestampPath = path }
        problem = field.problem
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        if let problem { throw .invalidField(problem) }
        return try WaitLowering.lower(options: options, configure: configure, in: &context)
    }
}

extension Wait {
    /// Waits the number of seconds in `field` (`SecondsPath`).
    public static func secondsFrom<Value, Number: BinaryInteger>(_ field: Field<Value, Number>) -> WaitFor<Value> {
        WaitFor(secondsFrom: field)
    }

    /// Waits until the timestamp in `field` (`TimestampPath`).
    public static func untilFrom<Value>(_ field: Field<Value, Date>) -> WaitFor<Value> {
        WaitFor(untilFrom: field)
    }
}

enum WaitLowering {
    static func lower(
        options: StepOptions, configure: (inout WaitState) -> Void, in context: inout LoweringContext
    ) throws(LoweringError) -> Fragment {
        let name = try context.name(explicit: options.name, derived: "Wait")
        var state = WaitState(transition: .next(Fragment.continuation))
        configure(&state)
        state.comment = options.comment
        return Fragment(entry: name, states: [name: .wait(state)])
    }
}
