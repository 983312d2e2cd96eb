/// The syntax facts validation needs about a path or an intrinsic function string, from the dataflow parsers
/// (``JSONPath`` and ``IntrinsicExpression``).
enum PathSyntax {
    enum Root { case input, context, variable }

    struct Syntax {
        /// Why the path does not parse, or nil when it does.
        var problem: String?
        var isReferencePath: Bool
        var root: Root
    }

    /// Nil when `text` is not a path at all (does not start with `$`); otherwise whether and how it parses.
    static func check(_ text: String) -> Syntax? {
        guard text.hasPrefix("$") else { return nil }
        do {
            let path = try JSONPath(text)
            let root: Root
            switch path.root {
            case .input: root = .input
            case .context: root = .context
            case .variable: root = .variable
            }
            return Syntax(problem: nil, isReferencePath: path.isReferencePath, root: root)
        } catch {
            return Syntax(problem: error.message, isReferencePath: false, root: .input)
        }
    }

    /// Why an intrinsic function call does not parse (syntax, unknown function, arity, literal arguments), or nil.
    static func intrinsicProblem(_ text: String) -> String? {
        do {
            _ = try IntrinsicExpression(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }
}
