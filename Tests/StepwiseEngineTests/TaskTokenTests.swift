import Foundation
import Testing

@testable import StepwiseEngine

/// Task tokens carry their execution's ARN in unpadded base64url: tokens stored or handed out by earlier versions
/// must still name their execution.
@Suite("Task tokens")
struct TaskTokenTests {
    /// ARNs whose base64 has `+`, `/` and one or two `=` of padding, with the base64url each token holds.
    static let cases: [(arn: String, encoded: String)] = [
        ("arn:aws:states:us-east-1:123456789012:execution:M:e",
         "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246TTpl"),
        ("arn:aws:states:us-east-1:123456789012:execution:M:e>>?",
         "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246TTplPj4_"),
        ("arn:aws:states:us-east-1:123456789012:execution:Mé:x~~~",
         "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246TcOpOnh-fn4"),
    ]

    @Test("a token holds its ARN in unpadded base64url, then 128 random bits in hex", arguments: cases)
    func makesTheDocumentedForm(_ arn: String, _ encoded: String) throws {
        let token = TaskToken.make(executionArn: arn)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(parts[0] == "swt1")
        #expect(parts[1] == encoded[...])
        #expect(!parts[2].isEmpty && parts[2].count <= 32 && parts[2].allSatisfy(\.isHexDigit))
        #expect(TaskToken.executionArn(of: token) == arn)
        #expect(TaskToken.make(executionArn: arn) != token)
    }

    @Test("the ARN's base64url is Foundation's base64 made URL-safe and unpadded, for ARNs of every length modulo 3")
    func matchesFoundationsBase64() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let name = String((0..<length).map { _ in "abcé~>?😀-_".randomElement(using: &generator)! })
            let arn = "arn:aws:states:us-east-1:123456789012:execution:M:" + name
            let expected = Data(arn.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let token = TaskToken.make(executionArn: arn)
            #expect(token.split(separator: ".", omittingEmptySubsequences: false)[1] == expected[...])
            #expect(TaskToken.executionArn(of: token) == arn)
        }
    }

    @Test("a token made before (fixed text) still names its execution", arguments: cases)
    func readsStoredTokens(_ arn: String, _ encoded: String) {
        #expect(TaskToken.executionArn(of: "swt1.\(encoded).9f3a0c1b2d4e5f60718293a4b5c6d7e8") == arn)
    }

    @Test("malformed tokens name no execution", arguments: [
        "", "swt1", "swt1.", "swt2.YXJu.00", "swt1.YXJu", "swt1.YXJu.00.11", "swt1.!!!!.00", "swt1.YXJu.00.",
        "xswt1.YXJu.00", "swt1./w.00", "swt1.YXJuY.00", "swt1.YR.00", "swt1.YXI=.00", "swt1.__8.00",
    ])
    func refusesMalformedTokens(_ token: String) {
        #expect(TaskToken.executionArn(of: token) == nil)
    }
}
