import Foundation
import StatesLanguage

/// An ASL definition read from a file and checked before anything else is done with it: `deploy` (and `run`)
/// refuse a definition with errors before creating or starting anything.
struct DefinitionFile {
    /// The file's path as given.
    var path: String
    /// The definition's JSON text, as read.
    var text: String
    /// The parsed definition.
    var definition: StateMachineDefinition
    /// The validator's warnings (the definition is accepted, but may not do what was meant).
    var warnings: [Diagnostic]

    /// Reads and validates the file the way AWS's ValidateStateMachineDefinition does.
    /// - Throws: ``CommandFailure`` when the file cannot be read; ``DefinitionRejected`` with every error the
    ///   validator found.
    init(path: String) throws {
        let text = try UserInput.text(of: path, what: "definition file")
        let diagnostics = StatesLanguageValidator.validate(text)
        guard diagnostics.isValid else {
            throw DefinitionRejected(path: path, errors: diagnostics.filter { $0.severity == .error })
        }
        do {
            definition = try StateMachineDefinition(parsing: text)
        } catch {
            throw DefinitionRejected(
                path: path, errors: [Diagnostic(code: "SCHEMA_VALIDATION_FAILED", path: "", message: UserInput.oneLine(error))])
        }
        self.path = path
        self.text = text
        self.warnings = diagnostics.filter { $0.severity == .warning }
    }

    /// Prints the warnings on standard error, one line each: `warning: FILE: WARNING CODE at /path: message`.
    func printWarnings() {
        for warning in warnings { Console.err("warning: \(path): \(warning)\n") }
    }

    /// The machine name a file gives by default: its base name without `.asl.json`, `.json` or `.asl`
    /// (`flows/order-totals.asl.json` → `order-totals`), other characters than letters, digits, `-` and `_` replaced
    /// by `-`, at most 80 characters (AWS's limit).
    static func machineName(for path: String) -> String {
        var base = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".json", ".yaml", ".yml", ".asl"] where base.lowercased().hasSuffix(suffix) && base.count > suffix.count {
            base.removeLast(suffix.count)
        }
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" }.prefix(80))
        return cleaned.isEmpty ? "stepwise-machine" : cleaned
    }
}

/// A definition the validator refused: every error, one line each
/// (`error: FILE: ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: B`), exit status 1.
struct DefinitionRejected: Error, CustomStringConvertible {
    var path: String
    var errors: [Diagnostic]

    var description: String { errors.map { "\(path): \($0)" }.joined(separator: "\n") }
}
