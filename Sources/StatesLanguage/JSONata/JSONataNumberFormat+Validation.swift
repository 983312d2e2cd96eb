/// The XPath picture checks JSONata makes on each `$formatNumber` sub-picture (D3081–D3093), in JSONata's
/// order: when several rules are broken, the last one checked is the one reported.
extension JSONataNumberFormat {
    static let digitFamily: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    static let activeCharacters: [Character] = digitFamily + [".", "e", ",", "#", ";"]

    static func validate(_ subpicture: String, at position: Int) throws(JSONataError) {
        let chars = Array(subpicture)
        let isActive = { (c: Character) in activeCharacters.contains(c) && c != "e" }
        // A sub-picture without an active character is all active part (no prefix or suffix), so `x` breaks D3086
        // last, as AWS reports it (recorded against AWS: `$formatNumber(1, "x")` is D3086, floci-io/floci#2737).
        let prefixLength = chars.firstIndex(where: isActive) ?? 0
        let suffixStart = (chars.lastIndex(where: isActive).map { $0 + 1 }) ?? chars.count
        let prefix = prefixLength
        let suffix = Array(chars[max(prefix, suffixStart)...])
        let active = Array(chars[prefix..<max(prefix, suffixStart)])
        var mantissa = active
        var exponent: [Character]?
        if let e = chars[prefix...].firstIndex(of: "e"), e <= chars.count - suffix.count {
            // JSONata takes the position in the sub-picture as an offset into the active part
            mantissa = Array(active.prefix(e))
            exponent = Array(active.dropFirst(min(e + 1, active.count)))
        }
        var integer = mantissa
        var fraction = suffix
        if let dot = mantissa.firstIndex(of: ".") {
            integer = Array(mantissa[..<dot])
            fraction = Array(mantissa[(dot + 1)...])
        }
        func count(_ c: Character) -> Int { chars.filter { $0 == c }.count }
        var code: String?
        if count(".") > 1 { code = "D3081" }
        if count("%") > 1 { code = "D3082" }
        if count("‰") > 1 { code = "D3083" }
        if count("%") > 0, count("‰") > 0 { code = "D3084" }
        if !mantissa.contains(where: { digitFamily.contains($0) || $0 == "#" }) { code = "D3085" }
        if active.contains(where: { !activeCharacters.contains($0) }) { code = "D3086" }
        if let dot = chars.firstIndex(of: ".") {
            if (dot > 0 && chars[dot - 1] == ",") || (dot + 1 < chars.count && chars[dot + 1] == ",") { code = "D3087" }
        } else if integer.last == "," {
            code = "D3088"
        }
        if subpicture.contains(",,") { code = "D3089" }
        if let optional = integer.firstIndex(of: "#"), integer[..<optional].contains(where: { digitFamily.contains($0) }) { code = "D3090" }
        if let optional = fraction.lastIndex(of: "#"), fraction[optional...].contains(where: { digitFamily.contains($0) }) { code = "D3091" }
        if let exponent, !exponent.isEmpty, count("%") > 0 || count("‰") > 0 { code = "D3092" }
        if let exponent, exponent.isEmpty || exponent.contains(where: { !digitFamily.contains($0) }) { code = "D3093" }
        if let code { throw JSONataError(code: code, message: messages[code] ?? "Invalid picture string", position: position) }
    }

    static let messages: [String: String] = [
        "D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
        "D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
        "D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
        "D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
        "D3085": "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
        "D3086": "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
        "D3087": "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
        "D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
        "D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
        "D3090": "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
        "D3091": "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
        "D3092": "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
        "D3093": "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
    ]
}
