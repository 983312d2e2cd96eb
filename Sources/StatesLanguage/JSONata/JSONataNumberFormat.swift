import Foundation

/// A basic `$formatNumber`: the XPath `format-number` picture with `#`, `0`, `,` grouping, one `.`,
/// `%` and `‰` suffixes, exponent `e`, and a `;` negative sub-picture.
enum JSONataNumberFormat {
    static func format(_ value: Double, picture: String, at position: Int) throws(JSONataError) -> String {
        let subPictures = picture.split(separator: ";", omittingEmptySubsequences: false)
        guard subPictures.count <= 2 else {
            throw JSONataError(code: "D3080", message: "The picture string must only contain a maximum of two sub-pictures", position: position)
        }
        for subPicture in subPictures { try validate(String(subPicture), at: position) }
        var main = String(subPictures[0])
        var negativePrefix = "-"
        var negativeSuffix = ""
        if value < 0, subPictures.count == 2 {
            main = String(subPictures[1])
            negativePrefix = ""
        }
        let active = "0123456789#.,%‰e"
        let prefix = String(main.prefix { !"0123456789#".contains($0) })
        let rest = main.dropFirst(prefix.count)
        let body = String(rest.prefix { active.contains($0) })
        let suffix = String(rest.dropFirst(body.count))
        var number = abs(value)
        var bodyText = body
        if bodyText.hasSuffix("%") { number *= 100; bodyText.removeLast() }
        if bodyText.hasSuffix("‰") { number *= 1000; bodyText.removeLast() }
        var exponentDigits = 0
        if let e = bodyText.firstIndex(of: "e") {
            exponentDigits = bodyText[bodyText.index(after: e)...].count
            bodyText = String(bodyText[..<e])
        }
        let pieces = bodyText.split(separator: ".", omittingEmptySubsequences: false)
        let integerPicture = String(pieces[0])
        let fractionPicture = pieces.count > 1 ? String(pieces[1]) : ""
        // every decimal digit (0-9) is a mandatory digit in XPath pictures: "9,999.99" pads like "0,000.00"
        let minInteger = integerPicture.filter { $0.isASCII && $0.isNumber }.count
        let minFraction = fractionPicture.filter { $0.isASCII && $0.isNumber }.count
        let maxFraction = fractionPicture.filter { ($0.isASCII && $0.isNumber) || $0 == "#" }.count
        var exponent = 0
        if exponentDigits > 0, number != 0 {
            let integerPlaces = max(minInteger, 1)
            exponent = Int(log10(number).rounded(.down)) - (integerPlaces - 1)
            number /= pow(10, Double(exponent))
        }
        let rounded = JSONataBuiltins.roundHalfEven(number, precision: maxFraction)
        var text = String(format: "%.\(maxFraction)f", rounded)
        var integerPart = String(text.prefix { $0 != "." })
        var fractionPart = text.contains(".") ? String(text.drop { $0 != "." }.dropFirst()) : ""
        while fractionPart.count > minFraction, fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        if integerPart == "0", minInteger == 0, !fractionPart.isEmpty { integerPart = "" }
        while integerPart.count < minInteger { integerPart = "0" + integerPart }
        if let comma = integerPicture.lastIndex(of: ",") {
            let size = integerPicture.distance(from: integerPicture.index(after: comma), to: integerPicture.endIndex)
            if size > 0 {
                var grouped = ""
                for (i, c) in integerPart.reversed().enumerated() {
                    if i > 0, i % size == 0 { grouped.append(",") }
                    grouped.append(c)
                }
                integerPart = String(grouped.reversed())
            }
        }
        text = integerPart + (fractionPart.isEmpty ? "" : "." + fractionPart)
        if exponentDigits > 0 {
            var e = String(abs(exponent))
            while e.count < exponentDigits { e = "0" + e }
            text += "e" + (exponent < 0 ? "-" : "") + e
        }
        if body.hasSuffix("%") { text += "%" }
        if body.hasSuffix("‰") { text += "‰" }
        let sign = value < 0 ? negativePrefix : ""
        return sign + prefix + text + suffix + (value < 0 ? negativeSuffix : "")
    }
}
