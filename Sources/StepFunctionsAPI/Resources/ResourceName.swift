/// The name rules AWS applies to state machines, executions, activities and Map Run labels.
///
/// A name has 1 to 80 characters and none of: whitespace, brackets `< > { } [ ]`, wildcards `? *`, the special
/// characters `" # % \ ^ | ~ ` $ & , ; : /`, or control characters (U+0000–U+001F, U+007F–U+009F, U+FFFE–U+FFFF).
/// (Surrogates, which AWS also names, cannot be in a Swift string: JSON carrying a lone one is refused as JSON.)
public enum ResourceName {
    /// The maximum length AWS allows.
    public static let maximumLength = 80

    /// Characters AWS forbids in names, besides whitespace and control characters.
    public static let forbiddenCharacters: Set<Character> = [
        "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",", ";", ":", "/",
    ]

    /// Whether AWS accepts this name.
    public static func isValid(_ name: String) -> Bool {
        let count = name.unicodeScalars.count
        guard count >= 1, count <= maximumLength else { return false }
        for scalar in name.unicodeScalars {
            if scalar.properties.isWhitespace { return false }
            if scalar.value <= 0x1F || (0x7F...0x9F).contains(scalar.value) || (0xFFFE...0xFFFF).contains(scalar.value) {
                return false
            }
            if forbiddenCharacters.contains(Character(scalar)) { return false }
        }
        return true
    }

    /// Throws AWS's `InvalidName` (`Invalid Name: '<name>'`) for a name AWS rejects.
    public static func validate(_ name: String) throws(StepFunctionsError) {
        guard isValid(name) else { throw StepFunctionsError(.invalidName, "Invalid Name: '\(name)'") }
    }
}
