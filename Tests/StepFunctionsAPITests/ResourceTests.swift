import Testing

@testable import StepFunctionsAPI

@Suite("Names, ARNs and paging")
struct ResourceTests {
    @Test("names AWS accepts", arguments: ["HelloWorld", "a", "order-42_v2.final", "ünïcödé", String(repeating: "x", count: 80)])
    func validNames(name: String) {
        #expect(ResourceName.isValid(name))
    }

    @Test(
        "names AWS rejects",
        arguments: [
            "", String(repeating: "x", count: 81), "has space", "tab\there", "new\nline", "a<b", "a>b", "a{b", "a}b", "a[b", "a]b",
            "a?b", "a*b", "a\"b", "a#b", "a%b", "a\\b", "a^b", "a|b", "a~b", "a`b", "a$b", "a&b", "a,b", "a;b", "a:b", "a/b",
            "ctl\u{01}", "del\u{7F}", "c1\u{85}", "nbsp\u{A0}",
        ])
    func invalidNames(name: String) {
        #expect(!ResourceName.isValid(name))
        #expect(throws: StepFunctionsError(.invalidName, "Invalid Name: '\(name)'")) { try ResourceName.validate(name) }
    }

    @Test(
        "ARNs parse and print back",
        arguments: [
            "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld",
            "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld:1",
            "arn:aws:states:eu-west-1:123456789012:execution:HelloWorld:run-1",
            "arn:aws:states:us-east-1:123456789012:express:HelloWorld:run-1:4f1c0ab8-5c5a-4d4e-8d8e-6b2b1a0e9b5d",
            "arn:aws-cn:states:cn-north-1:123456789012:activity:Worker",
            "arn:aws:states:us-east-1:123456789012:mapRun:HelloWorld/Map1:0b7e3b6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        ])
    func roundTrip(text: String) throws {
        #expect(try ResourceARN(parsing: text).description == text)
    }

    @Test("an ARN's fields, split by its bytes, keep empty ones and non-ASCII names")
    func arnFields() {
        #expect("arn:aws:states:::lambda:invoke".arnFields == ["arn", "aws", "states", "", "", "lambda", "invoke"])
        #expect("arn:aws:states:us-east-1:123456789012:activity:ünïcödé".arnFields.last == "ünïcödé")
        #expect(":".arnFields == ["", ""])
        #expect("".arnFields == [""])
        // A combining mark after a colon makes one `Character` of both; the ARN's fields are still split there.
        #expect("a:\u{301}b".arnFields == ["a", "\u{301}b"])
    }

    @Test("ARN parts and builders")
    func builders() throws {
        let machine = ResourceARN.stateMachine("Orders", region: "us-west-2", account: "111122223333")
        #expect(machine.description == "arn:aws:states:us-west-2:111122223333:stateMachine:Orders")
        let execution = ResourceARN.execution("run-1", of: machine)
        #expect(execution.description == "arn:aws:states:us-west-2:111122223333:execution:Orders:run-1")
        #expect(execution.stateMachineARN == machine)
        #expect(
            ResourceARN.activity("W", region: "us-west-2", account: "111122223333").description
                == "arn:aws:states:us-west-2:111122223333:activity:W")
        let parsed = try ResourceARN.execution(parsing: execution.description)
        #expect(parsed.region == "us-west-2")
        #expect(parsed.account == "111122223333")
        #expect(parsed.resource == .execution(stateMachineName: "Orders", name: "run-1"))
    }

    @Test(
        "malformed ARNs are InvalidArn",
        arguments: [
            "", "arn", "hello", "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:states:us-east-1:12345:stateMachine:M",
            "arn:aws:states::123456789012:stateMachine:M", "arn:aws:states:us-east-1:123456789012:stateMachine:",
            "arn:aws:states:us-east-1:123456789012:widget:M", "arn:aws:states:us-east-1:123456789012:execution:M",
        ])
    func invalidARNs(text: String) {
        #expect(errorCode { try ResourceARN(parsing: text) } == .invalidArn)
    }

    @Test("typed parsers reject other resource types")
    func typedParsers() {
        let activity = "arn:aws:states:us-east-1:123456789012:activity:W"
        #expect(throws: StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: activity'")) {
            try ResourceARN.stateMachine(parsing: activity)
        }
        #expect(errorCode { try ResourceARN.stateMachine(parsing: "arn:aws:states:us-east-1:123456789012:stateMachine:M:1") } == .invalidArn)
        #expect((try? ResourceARN.taggable(parsing: activity)) != nil)
    }

    @Test("page sizes and tokens")
    func paging() throws {
        #expect(Paging.pageSize(nil) == 100)
        #expect(Paging.pageSize(0) == 100)
        #expect(Paging.pageSize(7) == 7)
        let token = Paging.token(position: "42", scope: "arn:x")
        #expect(try Paging.position(of: token, scope: "arn:x") == "42")
        #expect(token.utf8.allSatisfy { $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") })
        #expect(errorCode { try Paging.position(of: token, scope: "arn:y") } == .invalidToken)
        #expect(errorCode { try Paging.position(of: "garbage!", scope: "arn:x") } == .invalidToken)
    }

    @Test("pages through a listing with tokens")
    func pages() throws {
        let items = Array(0..<25)
        var seen: [Int] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try Paging.page(items, maxResults: 10, nextToken: token, scope: "history:e1")
            seen += page.items
            token = page.nextToken
            pages += 1
        } while token != nil
        #expect(seen == items)
        #expect(pages == 3)
        let all = try Paging.page(items, maxResults: nil, nextToken: nil, scope: "s")
        #expect(all.items.count == 25)
        #expect(all.nextToken == nil)
        let first = try Paging.page(items, maxResults: 10, nextToken: nil, scope: "history:e1")
        #expect(errorCode { try Paging.page(items, maxResults: 10, nextToken: first.nextToken, scope: "history:e2") } == .invalidToken)
        let beyond = Paging.token(position: "26", scope: "s")
        #expect(errorCode { try Paging.page(items, maxResults: 10, nextToken: beyond, scope: "s") } == .invalidToken)
        let express = ResourceARN.expressExecution("run", id: "abc", of: .stateMachine("M", region: "us-east-1", account: "123456789012"))
        #expect(express.description == "arn:aws:states:us-east-1:123456789012:express:M:run:abc")
    }

    @Test("base64url round trips every length", arguments: 0..<8)
    func base64(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 97 + 200) }
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
    }
}

/// The code of the `StepFunctionsError` a closure throws, or nil.
func errorCode(_ body: () throws -> Any) -> StepFunctionsError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? StepFunctionsError)?.code
    }
}
