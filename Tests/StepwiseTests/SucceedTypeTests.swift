import Foundation
import OrderedCollections
import StatesLanguage
import Stepwise
import StepwiseTesting
import Testing

/// A `Succeed` ends its workflow (or Parallel branch, or Map iteration) with its input, so that input must be the
/// workflow's (or branch's) output type. The builders check it when the workflow compiles (a mismatch does not
/// compile: Tests/python/test_dsl_compile_errors.py); these tests show that the well-typed early exits compile,
/// lower and run, and that lowering still checks what only it can see (an untyped catch recovery).
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

    static let addOne = TaskFunction<Summary, Summary>("AddOne") { summary, _ in Summary(total: summary.total + 1) }

    /// `Summary` in, `Summary` out: a total of 0 ends early, any other goes through `AddOne`.
    static let earlyExit = Workflow("early-exit-runs") {
        Invoke(Summarize.self)  // Request -> Summary
        Choice { When(Field(\Summary.total) == 0) { Succeed() } }
        Invoke(addOne)  // Summary -> Summary
    }

    static func request(count: Int) -> Request {
        Request(id: "r", count: count, items: [], ready: true, due: nil, delay: 0, label: nil)
    }

    @Test("a When { Succeed() } on the workflow's Output lowers to a Choice rule to a Succeed state, and runs")
    func earlyExitRuns() async throws {
        let definition = try Self.earlyExit.definition()
        guard case .choice(let choice)? = definition.states["Choice"] else {
            Issue.record("no Choice state in \(definition.states.keys)")
            return
        }
        let target = try #require(choice.choices.first?.next)
        guard case .succeed? = definition.states[target] else {
            Issue.record("the Choice rule goes to \(target), not to a Succeed state")
            return
        }
        #expect(choice.default == "AddOne")

        try await withWorkflowTestBed { bed in
            bed.place([.here(Summarize()), .here(Self.addOne)])
            // total 0: the Succeed ends the workflow before AddOne; total 4: AddOne runs.
            let early = try await bed.execute(Self.earlyExit, input: Self.request(count: 0))
            #expect(early == Summary(total: 0))
            let through = try await bed.execute(Self.earlyExit, input: Self.request(count: 4))
            #expect(through == Summary(total: 5))
        }
    }

    @Test("Otherwise, a predicate's branch, a nested Choice and a Succeed after a typed step compile and lower")
    func otherPlaces() throws {
        let otherwise = Workflow("otherwise") {
            Invoke(Validate.self)
            Choice {
                When(Request.Fields.ready == false) { Fail(error: "NotReady") }
                Otherwise { Wait(.seconds(1)); Succeed() }
            }
        }
        #expect(Self.lowering(otherwise) == nil)

        let predicate = Workflow("predicate") {
            Invoke(Validate.self)
            Choice(when: IsReady.self) { Succeed() }
            Invoke(Report.self)
        }
        #expect(Self.lowering(predicate) == nil)

        let predicateOtherwise = Workflow("predicate-otherwise") {
            Invoke(Validate.self)
            Choice(when: IsReady.self) { Invoke(Report.self) } otherwise: { Succeed() }
            Choice(when: IsReady.self) { Fail(error: "Ready") } otherwise: { Succeed() }
            Choice(when: IsReady.self) { Succeed() } otherwise: { Succeed() }
            Invoke(Report.self)
        }
        let lowered = try predicateOtherwise.definition()
        let defaults = lowered.states.values.compactMap { state -> String? in
            if case .choice(let choice) = state { choice.default } else { nil }
        }
        #expect(defaults.count == 3)
        #expect(defaults.allSatisfy { target in if case .succeed? = lowered.states[target] { true } else { false } })

        let nested = Workflow("nested") {
            Invoke(Validate.self)
            Choice {
                When(Request.Fields.ready == false) {
                    Invoke(Report.self)
                    Choice { When(Request.Fields.count == 0) { Succeed() } }
                }
                When(Request.Fields.count > 10) { Succeed() }
                Otherwise { Invoke(Report.self) }
            }
            Invoke(Report.self)
            Succeed()
            Invoke(Report.self).named("Reached by a jump")
        }
        let definition = try nested.definition()
        let succeeds = definition.states.values.filter { if case .succeed = $0 { true } else { false } }
        #expect(succeeds.count == 3)

        let passthrough = Workflow("passthrough", input: Request.self) {
            Wait(.seconds(1))
            Succeed()
        }
        #expect(Self.lowering(passthrough) == nil)
    }

    @Test("inside a Parallel branch or a Map iteration, Succeed ends that branch with the branch's output type")
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

        let map = Workflow("map-iteration") {
            Invoke(Validate.self)
            Map(Request.Fields.items) { Succeed() }  // each String ends its iteration as a String
        }
        #expect(Self.lowering(map) == nil)
    }

    @Test("lowering still checks a Succeed the compiler cannot: one in an untyped catch recovery")
    func untypedRecovery() throws {
        let workflow = Workflow("untyped-recovery") {
            Invoke(Validate.self)  // Request -> Request
                .catch([.all], resultPath: .path("$.error")) {
                    Invoke(Summarize.self)  // Request -> Summary
                    Succeed()  // ends a Workflow<Request, Request> with a Summary
                }
        }
        let error = try #require(Self.lowering(workflow))
        #expect(error == .invalidStep(""))
        #expect(error.message.contains("Summary"))
        #expect(error.message.contains("Request"))
    }
}
