import StatesLanguage

/// A Parallel step: runs every branch on the same input at once; its output is the branches' outputs, in
/// order (``BranchOutputs``, a JSON array).
///
/// ```swift
/// Parallel {
///     Invoke(MakeDough.self)                                  // Order -> Dough
///     Invoke(MakeSauce.self)                                  // Order -> Sauce
///     Map(Order.Fields.ingredients) { Invoke(PrepareIngredient.self) }   // Order -> [Ingredient]
/// }                                                           // Order -> BranchOutputs<Dough, Sauce, [Ingredient]>
/// ```
///
/// Each branch is one step; group several with ``Steps``. Every branch must take the same input type. A
/// `Succeed` in a branch ends that branch, so it must receive the branch's output type.
public struct Parallel<Input: Codable & Sendable, each BranchOutput: Codable & Sendable>: ErrorHandlingStep, LowersToStates {
    public typealias Output = BranchOutputs<repeat each BranchOutput>
    public var options = StepOptions()
    let branches: [any WorkflowComponent]

    public init(@ParallelBuilder _ content: () -> ParallelBranches<Input, repeat each BranchOutput>) {
        branches = content().branches
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        let name = try context.name(explicit: options.name, derived: "Parallel")
        var lowered: [Branch] = []
        for branch in branches {
            // A Succeed in a branch ends that branch: it must receive the branch's output type.
            let output = (branch as? any BranchOutputTagged)?.outputTag
            lowered.append(try context.lowering(scope: output) { context throws(LoweringError) in try Branch.lowering(branch, in: &context) })
        }
        var state = ParallelState(branches: lowered, transition: .next(Fragment.continuation))
        let recoveries = try options.apply(to: &state, in: &context)
        return .state(name, .parallel(state), recoveries: recoveries)
    }
}

/// The branches of a ``Parallel``, collected by ``ParallelBuilder``.
public struct ParallelBranches<Input, each BranchOutput>: Sendable {
    let branches: [any WorkflowComponent]
}

/// Collects the branches of a ``Parallel``: one typed step each, all with the same input.
///
/// Each branch is a scope of its own: a `Succeed` in it ends that branch, so it must receive the branch's
/// output type. The branches' steps then exit nothing beyond the Parallel (`Exit` `Never`).
@resultBuilder
public enum ParallelBuilder {
    public static func buildExpression<S: WorkflowStep>(_ step: S) -> Steps<S.Input, S.Output, Never> where S.Exit == Never {
        Steps(components: [step])
    }

    public static func buildExpression<S: WorkflowStep>(_ step: S) -> Steps<S.Input, S.Output, Never> where S.Exit == S.Output {
        Steps(components: [step])
    }

    /// The mismatch twin: a `Succeed` in the branch receives another type than the branch's output.
    @available(*, unavailable, message: "a Succeed in a Parallel branch ends that branch: it must receive the branch's output type")
    public static func buildExpression<S: WorkflowStep>(_ step: S) -> Steps<S.Input, S.Output, Never> {
        Steps(components: [step])
    }

    public static func buildBlock<Input, each BranchOutput>(_ branches: repeat Steps<Input, each BranchOutput, Never>)
        -> ParallelBranches<Input, repeat each BranchOutput>
    {
        var collected: [any WorkflowComponent] = []
        for branch in repeat each branches { collected.append(branch) }
        return ParallelBranches(branches: collected)
    }
}

/// The output of a ``Parallel`` step: one value per branch, encoded as the JSON array ASL produces.
public struct BranchOutputs<each Value: Codable & Sendable>: Codable, Sendable {
    /// The branches' outputs, in branch order.
    public var values: (repeat each Value)

    public init(_ values: repeat each Value) {
        self.values = (repeat each values)
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        values = (repeat try container.decode((each Value).self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in repeat each values { try container.encode(value) }
    }
}

/// A branch that knows the type it ends with (``Steps``).
protocol BranchOutputTagged {
    var outputTag: TypeTag { get }
}

extension Steps: BranchOutputTagged {}
