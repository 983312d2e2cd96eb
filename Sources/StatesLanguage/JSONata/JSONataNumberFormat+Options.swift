import OrderedCollections

/// `$formatNumber`'s third argument: the XPath decimal-format properties (`decimal-separator`,
/// `grouping-separator`, `exponent-separator`, `percent`, `per-mille`, `zero-digit`, `digit`,
/// `pattern-separator`, `minus-sign`). The picture is read with the given characters and the result written
/// with them.
extension JSONataNumberFormat {
    static let defaults: [String: Character] = [
        "decimal-separator": ".", "grouping-separator": ",", "exponent-separator": "e", "percent": "%", "per-mille": "‰",
        "zero-digit": "0", "digit": "#", "pattern-separator": ";", "minus-sign": "-",
    ]

    static func format(
        _ value: Double, picture: String, options: OrderedDictionary<String, JSONataValue>?, at position: Int
    ) throws(JSONataError) -> String {
        guard let options, !options.isEmpty else { return try format(value, picture: picture, at: position) }
        var chosen: [String: Character] = [:]
        for (key, option) in options {
            guard defaults[key] != nil, case .string(let text) = option, let first = text.first else { continue }
            chosen[key] = first
        }
        let zero = chosen["zero-digit"]?.unicodeScalars.first?.value ?? 0x30
        // the picture in the default characters
        var toDefault: [Character: Character] = [:]
        var fromDefault: [Character: Character] = [:]
        for (key, character) in chosen where key != "zero-digit" {
            if let standard = defaults[key], standard != character {
                toDefault[character] = standard
                fromDefault[standard] = character
            }
        }
        // a default character whose role was given to another one is plain text, as in JSONata ('%' once
        // "percent" is "x", '-' once "minus-sign" is "~", 0-9 once "zero-digit" is another zero): it stands in
        // the picture as a private-use character the formatter passes through, and is written back as itself
        let custom = Set(chosen.filter { $0.key != "zero-digit" }.values)
        var passiveDefaults: [Character] = []
        for (key, character) in chosen where key != "zero-digit" {
            if let standard = defaults[key], standard != character, !custom.contains(standard) { passiveDefaults.append(standard) }
        }
        if zero != 0x30 { passiveDefaults += "0123456789".filter { !custom.contains($0) } }
        var toStandIn: [Character: Character] = [:]
        var fromStandIn: [Character: Character] = [:]
        for (offset, character) in passiveDefaults.enumerated() {
            guard let scalar = Unicode.Scalar(0xE000 + UInt32(offset)) else { continue }
            toStandIn[character] = Character(scalar)
            fromStandIn[Character(scalar)] = character
        }
        var standardPicture = ""
        for c in picture {
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1, zero != 0x30, scalar.value >= zero, scalar.value <= zero + 9,
                let digit = Unicode.Scalar(scalar.value - zero + 0x30)
            {
                standardPicture.unicodeScalars.append(digit)
            } else {
                standardPicture.append(toDefault[c] ?? toStandIn[c] ?? c)
            }
        }
        let standard = try format(value, picture: standardPicture, at: position)
        var result = ""
        for c in standard {
            if zero != 0x30, c.isASCII, let d = c.wholeNumberValue, let scalar = Unicode.Scalar(zero + UInt32(d)) {
                result.unicodeScalars.append(scalar)
            } else {
                result.append(fromStandIn[c] ?? fromDefault[c] ?? c)
            }
        }
        return result
    }
}
