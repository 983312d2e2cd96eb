/// The syntax facts validation needs about a path or an intrinsic function string.
enum PathSyntax {
    enum Root { case input, context, variable }

    struct Syntax {
        /// Why the path does not parse, or nil when it does.
        var problem: String?
        var isReferencePath: Bool
        var root: Root
    }

    /// Nil when `text` is not a path at all (does not start with `$`).
    static func check(_ text: String) -> Syntax? {
        guard text.hasPrefix("$") else { return nil }
        let root: Root
        if text.hasPrefix("$$") {
            root = .context
        } else if let second = text.dropFirst().first, second.isLetter || second == "_" {
            root = .variable
        } else {
            root = .input
        }
        let indefinite = text.contains("*") || text.contains("..") || text.contains("[?") || text.contains(",")
            || text.contains(":")
        return Syntax(problem: nil, isReferencePath: !indefinite, root: root)
    }

    /// Why an intrinsic function call does not parse, or nil when it does.
    static func intrinsicProblem(_ text: String) -> String? {
        guard text.hasSuffix(")"), text.contains("(") else { return "expected 'States.Name(arguments)'" }
        return nil
    }
}
