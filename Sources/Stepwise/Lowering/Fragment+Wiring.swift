import OrderedCollections
import StatesLanguage

extension Fragment {
    /// Lowers components in order and chains them: each one's open transitions lead to the next non-empty one.
    static func sequence(_ components: [any WorkflowComponent], in context: inout LoweringContext) throws(LoweringError)
        -> Fragment
    {
        var fragments: [Fragment] = []
        fragments.reserveCapacity(components.count)
        for component in components { fragments.append(try component.lowered(in: &context)) }
        var target: String?
        for index in fragments.indices.reversed() {
            if let target { fragments[index].resolveContinuation(to: target) }
            if let entry = fragments[index].entry { target = entry }
        }
        var states = OrderedDictionary<String, State>()
        for fragment in fragments { states.merge(fragment.states, uniquingKeysWith: { first, _ in first }) }
        return Fragment(entry: target, states: states)
    }

    /// Points every open transition at `name`.
    mutating func resolveContinuation(to name: String) {
        guard name != Fragment.continuation else { return }
        for key in states.keys {
            states[key] = states[key]?.resolvingContinuation(transition: .next(name), name: name)
        }
    }

    /// Whether a Choice rule, a Choice default or a catcher leads to the open continuation (those need a state
    /// name to go to, not `End`).
    var namesContinuation: Bool {
        states.values.contains { $0.namesContinuation }
    }

    /// Ends the fragment as a whole machine or branch: open transitions become `End: true`, and a `Succeed`
    /// state is added for Choice rules and catchers that lead to the end. Returns the start state and states.
    func closed(in context: inout LoweringContext) -> (startAt: String, states: OrderedDictionary<String, State>) {
        var states = self.states
        var endName: String?
        if entry == nil || namesContinuation {
            let name = context.uniqueName("Done")
            endName = name
            states[name] = .succeed(SucceedState())
        }
        for key in states.keys {
            states[key] = states[key]?.resolvingContinuation(transition: .end, name: endName ?? Fragment.continuation)
        }
        return (entry ?? endName ?? Fragment.continuation, states)
    }
}

extension State {
    /// The state with open transitions replaced: `Next`/`End` by `transition`, Choice and Catch targets by `name`.
    func resolvingContinuation(transition: Transition, name: String) -> State {
        let open = Fragment.continuation
        func resolve(_ t: Transition) -> Transition { t == .next(open) ? transition : t }
        func resolve(_ catchers: [Catcher]) -> [Catcher] {
            catchers.map { catcher in
                var catcher = catcher
                if catcher.next == open { catcher.next = name }
                return catcher
            }
        }
        switch self {
        case .pass(var s):
            s.transition = resolve(s.transition)
            return .pass(s)
        case .wait(var s):
            s.transition = resolve(s.transition)
            return .wait(s)
        case .task(var s):
            s.transition = resolve(s.transition)
            s.catch = resolve(s.catch)
            return .task(s)
        case .parallel(var s):
            s.transition = resolve(s.transition)
            s.catch = resolve(s.catch)
            return .parallel(s)
        case .map(var s):
            s.transition = resolve(s.transition)
            s.catch = resolve(s.catch)
            return .map(s)
        case .choice(var s):
            for index in s.choices.indices where s.choices[index].next == open { s.choices[index].next = name }
            if s.default == open { s.default = name }
            return .choice(s)
        case .succeed, .fail:
            return self
        }
    }

    var namesContinuation: Bool {
        let open = Fragment.continuation
        switch self {
        case .choice(let s): return s.default == open || s.choices.contains { $0.next == open }
        case .task(let s): return s.catch.contains { $0.next == open }
        case .parallel(let s): return s.catch.contains { $0.next == open }
        case .map(let s): return s.catch.contains { $0.next == open }
        default: return false
        }
    }
}

extension Branch {
    /// A branch (of a Parallel, or a Map's item processor) from a lowered body.
    static func lowering(_ body: any WorkflowComponent, in context: inout LoweringContext) throws(LoweringError) -> Branch {
        let (startAt, states) = try body.lowered(in: &context).closed(in: &context)
        return Branch(startAt: startAt, states: states)
    }
}
