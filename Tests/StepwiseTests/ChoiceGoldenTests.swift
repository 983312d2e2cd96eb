import Foundation
import StatesLanguage
import Stepwise
import Testing

@Suite("Lowering: Choice, predicates and loops")
struct ChoiceGoldenTests {
    @Test("conditions from typed fields, And/Or/Not, Otherwise; a branch rejoins after the Choice")
    func conditions() throws {
        let workflow = Workflow("choice") {
            Invoke(Validate.self)
            Choice {
                When(Request.Fields.count > 10 && Request.Fields.id.matches("big-*")) { Invoke(Report.self) }
                When(Request.Fields.ready == false || !Request.Fields.label.isPresent()) {
                    Fail(error: "NotReady")
                }
                When(Request.Fields.due <= Date(timeIntervalSince1970: 0)) {}
                Otherwise { Invoke(Validate.self) }
            }
            Invoke(Summarize.self)
        }
        try Golden.check(workflow, named: "choice")
    }

    @Test("a Choice at the end falls through to a Succeed state")
    func choiceAtEnd() throws {
        let workflow = Workflow("choice-end") {
            Invoke(Validate.self)
            Choice {
                When(Request.Fields.count == 0) { Fail(error: "Empty") }
            }
        }
        try Golden.check(workflow, named: "choice-end")
    }

    @Test("a Choice on a Swift predicate runs it as a task and tests its answer")
    func predicate() throws {
        let workflow = Workflow("predicate") {
            Choice(when: IsReady.self) {
                Invoke(Report.self)
            } otherwise: {
                Fail(error: "NotReady")
            }
            Invoke(Summarize.self)
        }
        try Golden.check(workflow, named: "predicate")
    }

    @Test("a loop: a Choice goes back to an earlier named step")
    func loop() throws {
        let workflow = Workflow("loop") {
            Invoke(Validate.self).named("Check")
            Choice {
                When(Request.Fields.ready == false) {
                    Wait(.seconds(30))
                    GoTo("Check")
                }
            }
            Invoke(Summarize.self)
        }
        try Golden.check(workflow, named: "loop")
    }

    @Test("a catcher goes to a named step")
    func catchToNamedStep() throws {
        let workflow = Workflow("catch-next") {
            Invoke(Validate.self).catch([.all], next: "Report", resultPath: .path("$.error"))
            Succeed()
            Invoke(Report.self).named("Report")
        }
        try Golden.check(workflow, named: "catch-next")
    }
}
