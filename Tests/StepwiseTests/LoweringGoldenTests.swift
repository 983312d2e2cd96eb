import Foundation
import StatesLanguage
import Stepwise
import Testing

/// Each construct of the DSL, lowered and compared with its golden ASL; every one passes validation.
@Suite("Lowering: golden ASL")
struct LoweringGoldenTests {
    @Test("a sequence of tasks; a handler used twice gets unique names; names can be overridden")
    func sequence() throws {
        let workflow = Workflow("sequence") {
            Invoke(Validate.self)
            Invoke(Validate.self)
            Invoke(Validate.self).named("Validate again").comment("third time")
            Invoke(Summarize.self)
        }
        try Golden.check(workflow, named: "sequence")
    }

    @Test("handler defaults: activity name, timeout and heartbeat in whole seconds, retry and catch")
    func handlerDefaults() throws {
        let workflow = Workflow("defaults") {
            Invoke(Fetch.self)
            Succeed()
            Invoke(activity: "Report", input: Item.self, output: Item.self).named("Report")
        }
        try Golden.check(workflow, named: "handler-defaults")
    }

    @Test("step modifiers override the handler's retry and catch; inline recovery rejoins the sequence")
    func overrides() throws {
        let workflow = Workflow("overrides") {
            Invoke(Summarize.self)
                .retry(on: [.taskFailed], interval: .seconds(1), maxAttempts: 2)
                .catch([ErrorName.of(FetchError.self)]) { Invoke(Recover.self) }
                .catch([.all]) { Fail(error: "SummaryFailed", cause: "could not summarize") }
            Invoke(activity: "publish", input: Summary.self, output: Summary.self).noRetry()
        }
        try Golden.check(workflow, named: "overrides")
    }

    @Test("Parallel: each branch gets the input; a branch can be several steps")
    func parallel() throws {
        let workflow = Workflow("parallel") {
            Parallel {
                Invoke(Summarize.self)
                Steps {
                    Invoke(Validate.self)
                    Wait(.seconds(5))
                    Invoke(Summarize.self)
                }
                Invoke(Validate.self)
            }
            .retry(on: [.branchFailed], maxAttempts: 1)
            .named("Work")
        }
        try Golden.check(workflow, named: "parallel")
    }

    @Test("Map over a field with MaxConcurrency, item selection and tolerated failures")
    func map() throws {
        let workflow = Workflow("map") {
            Map(Request.Fields.items, maxConcurrency: 2) {
                Invoke(Fetch.self).noRetry().catch([.all]) { Fail(error: "FetchFailed") }
            }
        }
        try Golden.check(workflow, named: "map")
        let selected = Workflow("map-selector") {
            Map(
                Request.Fields.items, itemSelector: ["name.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"],
                as: Item.self, toleratedFailures: .percentage(10)
            ) {
                Invoke(activity: "tag", input: Item.self, output: Item.self)
            }
        }
        try Golden.check(selected, named: "map-selector")
    }

    @Test("Wait for a duration, until a date, or from a field")
    func waits() throws {
        let workflow = Workflow("waits") {
            Invoke(Validate.self)
            Wait(.milliseconds(2500))
            Wait(until: Date(timeIntervalSince1970: 1_700_000_000))
            Wait.secondsFrom(Request.Fields.delay)
            Wait.untilFrom(Request.Fields.due)
        }
        try Golden.check(workflow, named: "waits")
    }

    @Test("Pass with a result or a template, Succeed and Fail")
    func passSucceedFail() throws {
        let workflow = Workflow("pass") {
            PassValue(result: Summary(total: 3), input: Request.self)
            PassValue(template: ["doubled.$": "States.MathAdd($.total, $.total)"], from: Summary.self, as: JSONValue.self)
            Pass().comment("nothing to do")
            Fail(error: "Stop", cause: "stopped on purpose")
        }
        try Golden.check(workflow, named: "pass-fail")
    }

    @Test("data-flow modifiers: InputPath, Parameters, ResultSelector, ResultPath, OutputPath")
    func dataFlow() throws {
        let workflow = Workflow("dataflow") {
            Invoke(activity: "count", input: Int.self, output: Int.self)
                .inputPath(Request.Fields.count)
                .named("Count")
            Invoke(activity: "sum", input: JSONValue.self, output: JSONValue.self)
                .parameters(["value.$": "$", "unit": "items"], from: Int.self)
                .resultSelector(["total.$": "$.sum"], as: Summary.self)
                .named("Sum")
            Invoke(activity: "audit", input: Summary.self, output: Summary.self).discardResult().named("Audit")
            Invoke(activity: "wrap", input: Summary.self, output: Request.self)
                .outputPath(Request.Fields.id)
                .named("Wrap")
        }
        try Golden.check(workflow, named: "dataflow")
    }

    @Test("Invoke a resource ARN, a raw state, and a different region and account")
    func escapeHatches() throws {
        var raw = TaskState(resource: "arn:aws:states:::lambda:invoke", transition: .end)
        raw.parameters = ["FunctionName": "notify", "Payload.$": "$"]
        let workflow = Workflow("raw") {
            Invoke(resource: "arn:aws:lambda:eu-west-1:111122223333:function:resize", input: Item.self, output: Item.self)
            RawState("Notify", .task(raw), input: Item.self, output: JSONValue.self)
            Invoke(activity: "archive", input: JSONValue.self, output: JSONValue.self)
        }
        try Golden.check(
            workflow, named: "escape-hatches", configuration: LoweringConfiguration(region: "eu-west-1", account: "111122223333"))
    }
}
