/// Version 4 UUIDs as lower-case text (`States.UUID`, and the names the engine makes up for executions and runs).
package enum RandomUUID {
    /// A version 4 UUID in lower case, from 122 random bits: two draws of the system's generator (one system call
    /// each), where Foundation's `UUID()` opens, reads and closes `/dev/urandom` on Linux.
    package static func text() -> String {
        var random = SystemRandomNumberGenerator()
        return text(using: &random)
    }

    /// A version 4 UUID in lower case, from two draws of `random`.
    package static func text(using random: inout some RandomNumberGenerator) -> String {
        let high = (random.next() as UInt64) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = (random.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for nibble in 0..<32 {
                // Dashes before the 9th, 13th, 17th and 21st digit: 8-4-4-4-12.
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = nibble < 16 ? high : low
                let digit = UInt8((word >> UInt64(60 - 4 * (nibble % 16))) & 0xF)
                buffer[position] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                position += 1
            }
            return position
        }
    }
}
