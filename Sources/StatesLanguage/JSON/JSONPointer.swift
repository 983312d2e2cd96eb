/// JSON pointer helpers (RFC 6901): `~` is written `~0` and `/` is written `~1` inside a token.
enum JSONPointer {
    static func appending(_ token: String, to pointer: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(token.utf8.count)
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return pointer + "/" + escaped
    }

    static func appending(_ index: Int, to pointer: String) -> String { pointer + "/" + String(index) }
}
