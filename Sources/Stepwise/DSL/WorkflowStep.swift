package import OrderedCollections
import StatesLanguage

/// Anything that can appear in a workflow: it lowers to ASL states.
///
/// The DSL's steps conform to one of the two refinements: ``WorkflowStep`` (typed input and output, checked
/// by ``WorkflowBuilder`` along the chain) or ``PassthroughStep`` (fits anywhere: its output is its input, or
/// it fails or jumps), except ``Succeed``, which the builders handle themselves: it ends the workflow with the
/// value it receives, so they check that value's type. How a step lowers is this package's business (``LowersToStates``): the steps are the
/// library's; a state the DSL has no step for is written with ``RawState``.
public protocol WorkflowComponent: Sendable {}

/// A component that lowers to ASL states: every step of the DSL.
package protocol LowersToStates: WorkflowComponent {
    /// Lowers the component to states whose unresolved transitions lead to ``Fragment/continuation``.
    func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment
}

extension WorkflowComponent {
    /// Lowers the component (see ``LowersToStates``).
    /// - Throws: ``LoweringError/invalidStep(_:)`` for a component that is not one of the DSL's steps.
    package func lowered(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        guard let step = self as? any LowersToStates else {
            throw .invalidStep("\(type(of: self)) is not a step of the workflow DSL; write its state with RawState")
        }
        return try step.lower(in: &context)
    }
}

/// A step with typed input and output: its output feeds the next step's input.
public protocol WorkflowStep<Input, Output>: WorkflowComponent {
    associatedtype Input: Codable & Sendable
    associatedtype Output: Codable & Sendable
    /// The type of the value a ``Succeed`` inside this step ends the enclosing workflow (or Parallel branch, or
    /// Map iteration) with; `Never` when no Succeed inside it does. The builders join the exits of a sequence,
    /// and ``Workflow`` compiles only when they are its `Output`: an early Succeed of another type is a compile
    /// error, not a decoding error after the run.
    associatedtype Exit: Codable & Sendable = Never
}

/// A step that fits between any two steps: its output is its input (`Wait`, `Pass` with no result), or it
/// ends its workflow or branch with an error or a jump (`Fail`, `GoTo`). ``Succeed`` is not one: it ends the
/// workflow with the value it receives, so the builders check that value's type.
public protocol PassthroughStep: WorkflowComponent {}

/// Lowered states with one entry, whose transitions to "whatever comes next" are still open.
package struct Fragment: Sendable, Hashable {
    /// The name a transition into this fragment goes to; `nil` for an empty fragment (control passes through).
    package var entry: String?
    /// The states, in the order they were written.
    package var states: OrderedDictionary<String, State>

    package init(entry: String?, states: OrderedDictionary<String, State>) {
        self.entry = entry
        self.states = states
    }

    /// A fragment with no states whose entry is `entry` (a jump to a named step) or nothing.
    package init(entry: String?) {
        self.entry = entry
        self.states = [:]
    }

    /// The placeholder state name that stands for "the next step" until the sequence around a fragment is
    /// known. It contains a control character, so it can never be a valid state name.
    package static let continuation = "\u{1}next"

    /// An empty fragment.
    package static let empty = Fragment(entry: nil)
}

/// Why a workflow could not be lowered.
public struct LoweringError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case duplicateStateName, invalidField, invalidStep
    }

    private let code: Code
    /// A readable explanation.
    public var message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Two steps were given the same explicit name.
    public static func duplicateStateName(_ name: String) -> LoweringError {
        LoweringError(.duplicateStateName, "two steps are named \"\(name)\"; state names must be unique")
    }

    /// A field reference could not be turned into a JSONPath.
    public static func invalidField(_ problem: String) -> LoweringError { LoweringError(.invalidField, problem) }

    /// A step is used where it cannot lower (for example an empty `Choice`).
    public static func invalidStep(_ problem: String) -> LoweringError { LoweringError(.invalidStep, problem) }

    public var description: String { message }

    public static func == (lhs: LoweringError, rhs: LoweringError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// The state of one lowering: the configuration and the state names taken so far.
package struct LoweringContext: Sendable {
    /// Region, account and other settings the lowered ASL depends on.
    package let configuration: LoweringConfiguration
    private var usedNames: Set<String> = []
    /// The Swift type the steps being lowered must end with when they succeed early (a ``Succeed``): the
    /// workflow's `Output`, or inside a Parallel branch or a Map iteration that branch's output. `nil`: unchecked.
    package var scopeOutput: TypeTag?

    /// Lowers `body` with `output` as the type a ``Succeed`` in it must end with.
    package mutating func lowering<T>(
        scope output: TypeTag?, _ body: (inout LoweringContext) throws(LoweringError) -> T
    ) throws(LoweringError) -> T {
        let saved = scopeOutput
        scopeOutput = output
        defer { scopeOutput = saved }
        return try body(&self)
    }

    package init(configuration: LoweringConfiguration) {
        self.configuration = configuration
    }

    /// A state name for `base` not taken yet: `base`, then `base 2`, `base 3`, ... (at most 80 characters).
    package mutating func uniqueName(_ base: String) -> String {
        let stem = String(base.prefix(72))
        var candidate = stem.isEmpty ? "Step" : stem
        var counter = 1
        while usedNames.contains(candidate) {
            counter += 1
            candidate = "\(stem) \(counter)"
        }
        usedNames.insert(candidate)
        return candidate
    }

    /// Takes exactly `name` (an explicit name given with `.named(_:)`).
    /// - Throws: ``LoweringError/duplicateStateName(_:)`` when the name is taken.
    package mutating func reserve(_ name: String) throws(LoweringError) -> String {
        guard !usedNames.contains(name) else { throw .duplicateStateName(name) }
        usedNames.insert(name)
        return name
    }

    /// An explicit name if given, else a unique derived one.
    mutating func name(explicit: String?, derived: String) throws(LoweringError) -> String {
        if let explicit { return try reserve(explicit) }
        return uniqueName(derived)
    }
}

/// Settings the lowered ASL depends on: where activities live.
public struct LoweringConfiguration: Sendable, Hashable {
    /// The AWS region in activity ARNs.
    public var region: String
    /// The AWS account in activity ARNs.
    public var account: String
    /// The ARN partition (`aws`, `aws-cn`, `aws-us-gov`).
    public var partition: String
    /// Handlers placed on Lambda: activity name → function name or ARN. Their steps lower to
    /// `arn:aws:states:::lambda:invoke` (see ``lambdaTask(_:activityName:)``) instead of the activity.
    public var lambdaFunctions: [String: String] = [:]

    public init(region: String = "us-east-1", account: String = "123456789012", partition: String = "aws") {
        self.region = region
        self.account = account
        self.partition = partition
    }

    /// The default configuration: `us-east-1`, account `123456789012`.
    public static let `default` = LoweringConfiguration()

    /// `arn:aws:states:<region>:<account>:activity:<name>`.
    public func activityARN(_ activityName: String) -> String {
        "arn:\(partition):states:\(region):\(account):activity:\(activityName)"
    }
}

/// A Swift type, compared by identity and named in lowering errors.
package struct TypeTag: Sendable, Hashable, CustomStringConvertible {
    let id: ObjectIdentifier
    let name: String

    package init<T>(_ type: T.Type) {
        id = ObjectIdentifier(type)
        name = String(reflecting: type)
    }

    package var description: String { name }
    package static func == (lhs: TypeTag, rhs: TypeTag) -> Bool { lhs.id == rhs.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A passthrough step that must know the type of the value it receives: a ``Succeed`` ends its workflow with
/// that value, so the builders tell it the type flowing in and lowering checks it against the workflow's Output.
package protocol ReceivesInputType: WorkflowComponent {
    /// The component, told that its input is of type `input` (a type already known is kept).
    func receiving(_ input: TypeTag) -> any WorkflowComponent
}

extension TypeTag {
    /// `component`, told its input type when it needs it.
    package static func deliver(_ input: TypeTag, to component: any WorkflowComponent) -> any WorkflowComponent {
        (component as? any ReceivesInputType)?.receiving(input) ?? component
    }
}
