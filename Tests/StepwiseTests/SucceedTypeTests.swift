import Foundation
import OrderedCollections
import StatesLanguage
import Stepwise
import Testing

/// A `Succeed` ends its workflow (or branch) with its input, so that input must be the workflow's (or branch's)
/// output type. A mismatch fails at `definition()`, before anything is deployed or run, naming both types.
@Suite("Succeed must end with the workflow's Output")
struct SucceedTypeTests {
    static func lowering(_ workflow: Workflow<some Codable & Sendable, some Codable & Sendable>) -> LoweringError? {
        do {
            _ = try workflow.definition()
            return nil
        } catch {
            return error
        }
    }

    @Test("When { Succeed() } on the Choice's value, in a workflow with another Output, does not lower")
    func choiceBranchWithAnotherType() throws {
        let workflow = Workflow("early-exit") {
            Invoke(Validate.self)  // Request -> Request
            Choice { When(Request.Fields.ready == true) { Succeed() } }
            Map(Request.Fields.items) { Invoke(Fetch.self) }  // Request -> [Item]
        }
        let error = try #require(Self.lowering(workflow))
        #expect(error == .invalidStep(""))
        #expect(error.message.contains("Request"))
        #expect(error.message.contains("Array<") && error.message.contains("Item>"))
    }

    @Test("Otherwise, a predicate's branch and a Succeed after a typed step are checked alike")
    func otherPlaces() throws {
        let otherwise = Workflow("otherwise") {
            Invoke(Validate.self)
            Choice {
                When(Request.Fields.ready == false) { Fail(error: "NotReady") }
                Otherwise { Succeed() }
            }
            Invoke(Summarize.self)
        }
        #expect(Self.lowering(otherwise) != nil)

        let predicate = Workflow("predicate") {
            Invoke(Validate.self)
            Choice(when: IsReady.self) { Succeed() }
            Invoke(Summarize.self)
        }
        #expect(Self.lowering(predicate) != nil)

        let sequence = Workflow("sequence") {
            Invoke(Validate.self)
            Succeed()
            Invoke(Summarize.self).named("Reached by a jump")
        }
        #expect(Self.lowering(sequence)?.message.contains("Summary") == true)
    }

    @Test("a Succeed that receives the workflow's Output lowers as before")
    func matchingTypes() throws {
        let workflow = Workflow("early-exit-ok") {
            Invoke(Validate.self)
            Choice { When(Request.Fields.ready == true) { Succeed() } }
            Invoke(Report.self)  // Request -> Request
        }
        let definition = try workflow.definition()
        #expect(definition.states.values.contains { if case .succeed = $0 { true } else { false } })

        let passthrough = Workflow("passthrough", input: Request.self) {
            Wait(.seconds(1))
            Succeed()
        }
        #expect(Self.lowering(passthrough) == nil)
    }

    @Test("inside a Parallel branch or a Map iteration, Succeed ends that branch: its output type counts")
    func branches() throws {
        let parallel = Workflow("parallel-branch") {
            Parallel {
                Steps {
                    Invoke(Validate.self)
                    Choice { When(Request.Fields.ready == true) { Succeed() } }
                    Invoke(Report.self)
                }
                Invoke(Summarize.self)
            }
        }
        #expect(Self.lowering(parallel) == nil)

        let wrongBranch = Workflow("parallel-wrong") {
            Parallel {
                Steps {
                    Invoke(Validate.self)
                    Choice { When(Request.Fields.ready == true) { Succeed() } }
                    Invoke(Summarize.self)
                }
                Invoke(Report.self)
            }
        }
        #expect(Self.lowering(wrongBranch)?.message.contains("Summary") == true)

        let map = Workflow("map-iteration") {
            Invoke(Validate.self)
            Map(Request.Fields.items) { Succeed() }  // each String ends its iteration as a String
        }
        #expect(Self.lowering(map) == nil)
    }
}
