/// Base64 as Java's `Base64.getDecoder()` decodes it, which is how AWS's evaluators read it: only the standard
/// alphabet (`A-Z a-z 0-9 + /`); padding optional, but a final unit of one character, a wrong padding, or anything
/// after the padding is refused. AWS decodes `States.Base64Decode` input without its padding (ministack#1360,
/// measured against AWS) and fails `$base64decode("!!!")` (floci-io/floci#2736).
package enum JavaBase64 {
    /// The bytes `text` encodes, or nil when it is not base64.
    package static func decode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var count = 0  // characters of the current 4-character unit
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var padded = false
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "=" {
                // "xx==" or "xxx=": a unit of two characters needs two '=', one of three needs one.
                if count < 2 { return nil }
                if count == 2 {
                    guard index < scalars.count, scalars[index] == "=" else { return nil }
                    index += 1
                }
                padded = true
                break
            }
            let sextet: UInt32
            switch scalar {
            case "A"..."Z": sextet = scalar.value - 65
            case "a"..."z": sextet = scalar.value - 97 + 26
            case "0"..."9": sextet = scalar.value - 48 + 52
            case "+": sextet = 62
            case "/": sextet = 63
            default: return nil
            }
            buffer = (buffer << 6) | sextet
            count += 1
            if count == 4 {
                bytes.append(contentsOf: [UInt8(buffer >> 16 & 0xFF), UInt8(buffer >> 8 & 0xFF), UInt8(buffer & 0xFF)])
                buffer = 0
                count = 0
            }
        }
        if padded, index < scalars.count { return nil }
        switch count {
        case 1: return nil
        case 2: bytes.append(UInt8(buffer >> 4 & 0xFF))
        case 3: bytes.append(contentsOf: [UInt8(buffer >> 10 & 0xFF), UInt8(buffer >> 2 & 0xFF)])
        default: break
        }
        return bytes
    }
}
