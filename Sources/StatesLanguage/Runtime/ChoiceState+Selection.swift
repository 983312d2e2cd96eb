/// A Choice state with every rule compiled, ready to select the next state many times.
public struct CompiledChoiceState: Sendable {
    /// The outcome of a Choice state.
    public struct Selection: Sendable, Hashable {
        /// The state to go to.
        public var next: String
        /// The index in `Choices` of the rule that matched, or `nil` when `Default` was taken.
        public var choiceIndex: Int?
    }

    public let state: ChoiceState
    let rules: [CompiledChoiceRule]

    public init(_ state: ChoiceState) throws(StatesError) {
        self.state = state
        var rules: [CompiledChoiceRule] = []
        for choice in state.choices { rules.append(try CompiledChoiceRule(choice.rule)) }
        self.rules = rules
    }

    /// The first rule that matches wins; otherwise `Default`; otherwise ``StatesError/noNextState`` (`States.Runtime`).
    public func select(
        in scope: EvaluationScope,
        condition: (String, EvaluationScope) throws(StatesError) -> JSONValue = JSONata.condition
    ) throws(StatesError) -> Selection {
        for (index, rule) in rules.enumerated() where try rule.evaluate(in: scope, condition: condition) {
            return Selection(next: state.choices[index].next, choiceIndex: index)
        }
        if let fallback = state.default { return Selection(next: fallback, choiceIndex: nil) }
        throw StatesError.noNextState
    }
}

extension ChoiceState {
    /// Selects the next state (compiling the rules first; use ``CompiledChoiceState`` to compile once).
    public func select(in scope: EvaluationScope) throws(StatesError) -> CompiledChoiceState.Selection {
        try CompiledChoiceState(self).select(in: scope)
    }
}
