/// A compiled pattern: instructions for the Pike VM.
struct Program: Sendable {
    enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        case set(Int)
        case any
        /// Try the first target before the second (greedy or lazy choice).
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case lineStart
        case lineEnd
        case wordBoundary(Bool)
        case lookahead(Int, negated: Bool)
        case match
    }

    var instructions: [Instruction] = []
    var sets: [RegexSet] = []
    /// Lookahead bodies, each a program of its own (anchored where the assertion stands).
    var subprograms: [Program] = []
    var groupCount = 0
    var ignoreCase = false
    var multiline = false
}

struct RegexCompiler {
    let ignoreCase: Bool
    let multiline: Bool
    private var program = Program()
    /// The largest program a pattern may compile to (counted over all subprograms): `(a{1000}){1000}` is refused.
    static let maxInstructions = 100_000
    private var total = 0

    init(ignoreCase: Bool, multiline: Bool) {
        self.ignoreCase = ignoreCase
        self.multiline = multiline
    }

    mutating func compile(_ node: RegexNode, groupCount: Int) throws(SafeRegex.SyntaxError) -> Program {
        program = Program()
        program.groupCount = groupCount
        program.ignoreCase = ignoreCase
        program.multiline = multiline
        try emit(.save(0))
        try emitNode(node)
        try emit(.save(1))
        try emit(.match)
        return program
    }

    private mutating func emit(_ instruction: Program.Instruction) throws(SafeRegex.SyntaxError) {
        total += 1
        guard total <= Self.maxInstructions else {
            throw SafeRegex.SyntaxError(reason: "Regular expression too large (its repetitions expand beyond \(Self.maxInstructions) instructions)")
        }
        program.instructions.append(instruction)
    }

    private var next: Int { program.instructions.count }

    private mutating func patch(_ at: Int, _ instruction: Program.Instruction) {
        program.instructions[at] = instruction
    }

    private mutating func emitNode(_ node: RegexNode) throws(SafeRegex.SyntaxError) {
        switch node {
        case .empty: break
        case .scalar(let s):
            if ignoreCase, !RegexSet.caseVariants(s).isEmpty {
                program.sets.append(RegexSet(ranges: [s.value...s.value]))
                try emit(.set(program.sets.count - 1))
            } else {
                try emit(.scalar(s))
            }
        case .set(let set):
            program.sets.append(set)
            try emit(.set(program.sets.count - 1))
        case .any: try emit(.any)
        case .concat(let items):
            for item in items { try emitNode(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = next
                    try emit(.split(0, 0))
                    try emitNode(branch)
                    jumps.append(next)
                    try emit(.jump(0))
                    patch(split, .split(split + 1, next))
                } else {
                    try emitNode(branch)
                }
            }
            for jump in jumps { patch(jump, .jump(next)) }
        case .group(let body, let index):
            if let index { try emit(.save(2 * index)) }
            try emitNode(body)
            if let index { try emit(.save(2 * index + 1)) }
        case .repeated(let body, let low, let high, let greedy):
            for _ in 0..<low { try emitNode(body) }
            if let high {
                var exits: [Int] = []
                for _ in low..<high {
                    exits.append(next)
                    try emit(.split(0, 0))
                    try emitNode(body)
                }
                for exit in exits {
                    patch(exit, greedy ? .split(exit + 1, next) : .split(next, exit + 1))
                }
            } else {
                let loop = next
                try emit(.split(0, 0))
                try emitNode(body)
                try emit(.jump(loop))
                patch(loop, greedy ? .split(loop + 1, next) : .split(next, loop + 1))
            }
        case .lineStart: try emit(.lineStart)
        case .lineEnd: try emit(.lineEnd)
        case .wordBoundary(let expected): try emit(.wordBoundary(expected))
        case .lookahead(let body, let negated):
            var sub = RegexCompiler(ignoreCase: ignoreCase, multiline: multiline)
            sub.total = total
            let subprogram = try sub.compile(body, groupCount: 0)
            total = sub.total
            program.subprograms.append(subprogram)
            try emit(.lookahead(program.subprograms.count - 1, negated: negated))
        }
    }
}
