/// Runs a `Program` over a text in one left-to-right pass, keeping at most one thread per instruction, so the
/// work is bounded by text length × program size whatever the pattern. Threads are kept in priority order, so
/// the match found is the one a backtracking JavaScript engine finds.
struct PikeVM {
    let program: Program
    let text: [Unicode.Scalar]
    private var steps = 0
    private var budget: Int
    private var marks: [Int]
    private var generation = 0
    private var lookaheadMemo: [Int: Bool] = [:]

    struct Thread {
        var pc: Int
        var captures: [Int]
    }

    init(program: Program, text: [Unicode.Scalar], budget: Int = SafeRegex.stepBudget) {
        self.program = program
        self.text = text
        self.budget = budget
        marks = Array(repeating: -1, count: program.instructions.count)
    }

    private mutating func tick() throws(SafeRegex.BudgetExceeded) {
        steps += 1
        if steps > budget { throw SafeRegex.BudgetExceeded() }
    }

    /// The highest-priority match starting at `start` (anchored) or at the leftmost possible position.
    mutating func search(from start: Int, anchored: Bool) throws(SafeRegex.BudgetExceeded) -> SafeRegex.Match? {
        let slots = 2 * (program.groupCount + 1)
        var current: [Thread] = []
        var following: [Thread] = []
        var matched: [Int]?
        var position = start
        while true {
            if matched == nil, !anchored || position == start {
                generation += 1
                // the new start thread has the lowest priority: threads carried from earlier positions come first
                for thread in current { marks[thread.pc] = generation }
                try add(&current, Thread(pc: 0, captures: Array(repeating: -1, count: slots)), at: position)
            }
            if current.isEmpty {
                if matched != nil || anchored || position >= text.count { break }
                position += 1
                continue
            }
            generation += 1
            following.removeAll(keepingCapacity: true)
            let scalar = position < text.count ? text[position] : nil
            threads: for thread in current {
                try tick()
                switch program.instructions[thread.pc] {
                case .match:
                    matched = thread.captures
                    break threads  // lower-priority threads can no longer win
                case .scalar(let expected):
                    if let scalar, scalar == expected {
                        try add(&following, Thread(pc: thread.pc + 1, captures: thread.captures), at: position + 1)
                    }
                case .set(let index):
                    if let scalar, program.sets[index].contains(scalar, ignoreCase: program.ignoreCase) {
                        try add(&following, Thread(pc: thread.pc + 1, captures: thread.captures), at: position + 1)
                    }
                case .any:
                    if let scalar, !RegexSet.isLineTerminator(scalar) {
                        try add(&following, Thread(pc: thread.pc + 1, captures: thread.captures), at: position + 1)
                    }
                default:
                    break  // control instructions never stay on a list
                }
            }
            if position >= text.count { break }
            swap(&current, &following)
            position += 1
            if current.isEmpty, matched != nil || anchored { break }
        }
        guard let captures = matched else { return nil }
        var groups: [Range<Int>?] = []
        for group in 1...max(program.groupCount, 1) where group <= program.groupCount {
            let (from, to) = (captures[2 * group], captures[2 * group + 1])
            groups.append(from >= 0 && to >= from ? from..<to : nil)
        }
        return SafeRegex.Match(range: captures[0]..<captures[1], groups: groups)
    }

    /// Adds a thread and follows its control instructions (in priority order, with an explicit stack so that
    /// long chains of splits do not deepen the call stack).
    private mutating func add(_ list: inout [Thread], _ thread: Thread, at position: Int) throws(SafeRegex.BudgetExceeded) {
        var stack = [thread]
        while var top = stack.popLast() {
            try tick()
            let pc = top.pc
            if marks[pc] == generation { continue }
            marks[pc] = generation
            switch program.instructions[pc] {
            case .jump(let target):
                top.pc = target
                stack.append(top)
            case .split(let first, let second):
                stack.append(Thread(pc: second, captures: top.captures))
                top.pc = first
                stack.append(top)
            case .save(let slot):
                top.captures[slot] = position
                top.pc += 1
                stack.append(top)
            case .lineStart:
                if position == 0 || (program.multiline && RegexSet.isLineTerminator(text[position - 1])) {
                    top.pc += 1
                    stack.append(top)
                }
            case .lineEnd:
                if position == text.count || (program.multiline && RegexSet.isLineTerminator(text[position])) {
                    top.pc += 1
                    stack.append(top)
                }
            case .wordBoundary(let expected):
                let before = position > 0 && RegexSet.isWord(text[position - 1])
                let after = position < text.count && RegexSet.isWord(text[position])
                if (before != after) == expected {
                    top.pc += 1
                    stack.append(top)
                }
            case .lookahead(let index, let negated):
                if try lookahead(index, at: position) != negated {
                    top.pc += 1
                    stack.append(top)
                }
            case .scalar, .set, .any, .match:
                list.append(top)
            }
        }
    }

    private mutating func lookahead(_ index: Int, at position: Int) throws(SafeRegex.BudgetExceeded) -> Bool {
        let key = position &* (program.subprograms.count + 1) &+ index
        if let known = lookaheadMemo[key] { return known }
        var sub = PikeVM(program: program.subprograms[index], text: text, budget: budget - steps)
        let found = try sub.search(from: position, anchored: true) != nil
        steps += sub.steps
        lookaheadMemo[key] = found
        return found
    }
}
