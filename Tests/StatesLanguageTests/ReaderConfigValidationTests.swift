import Testing

@testable import StatesLanguage

/// A Distributed Map's `ItemReader.ReaderConfig`, from the developer guide's "ItemReader (Map)" page: the values each
/// field takes and the fields that only go together (CreateStateMachine's SCHEMA_VALIDATION_FAILED).
@Suite struct ReaderConfigValidationTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"

    /// A Distributed Map reading with `config` (the ReaderConfig object's members) from `resource`.
    static func reader(_ config: String, resource: String = "arn:aws:states:::s3:getObject", jsonata: Bool = false) -> String {
        let parameters = jsonata ? #""Arguments": {"Bucket": "b", "Key": "k"}"# : #""Parameters": {"Bucket": "b", "Key": "k"}"#
        return machine(
            #""M": {"Type": "Map", "End": true, "ItemReader": {"Resource": "\#(resource)", "ReaderConfig": {\#(config)}, \#(parameters)}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Succeed"}}}}"#,
            startAt: "M", extra: jsonata ? #""QueryLanguage": "JSONata","# : "")
    }

    static let path = "/States/M/ItemReader/ReaderConfig"

    static let cases: [InvalidCase] = [
        InvalidCase(name: "unknown InputType", definition: reader(#""InputType": "XML""#), code: schema, path: path + "/InputType"),
        InvalidCase(name: "unknown field", definition: reader(#""InputType": "JSON", "Delimiter": ",""#), code: schema, path: path),
        InvalidCase(
            name: "unknown CSVDelimiter", definition: reader(#""InputType": "CSV", "CSVDelimiter": "COLON""#), code: schema,
            path: path + "/CSVDelimiter"),
        InvalidCase(
            name: "unknown CSVHeaderLocation", definition: reader(#""InputType": "CSV", "CSVHeaderLocation": "LAST_ROW""#),
            code: schema, path: path + "/CSVHeaderLocation"),
        InvalidCase(
            name: "GIVEN without CSVHeaders", definition: reader(#""InputType": "CSV", "CSVHeaderLocation": "GIVEN""#), code: schema,
            path: path),
        InvalidCase(
            name: "CSVHeaders with FIRST_ROW",
            definition: reader(#""InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVHeaders": ["a"]"#), code: schema,
            path: path),
        InvalidCase(
            name: "CSVHeaders empty", definition: reader(#""InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": []"#),
            code: schema, path: path + "/CSVHeaders"),
        InvalidCase(
            name: "CSV field with JSONL", definition: reader(#""InputType": "JSONL", "CSVDelimiter": "PIPE""#), code: schema,
            path: path),
        InvalidCase(
            name: "ItemsPointer with JSONL", definition: reader(#""InputType": "JSONL", "ItemsPointer": "/items""#), code: schema,
            path: path),
        InvalidCase(
            name: "ItemsPointer not a JSON Pointer", definition: reader(#""InputType": "JSON", "ItemsPointer": "items""#),
            code: schema, path: path + "/ItemsPointer"),
        InvalidCase(
            name: "unknown ManifestType", definition: reader(#""InputType": "MANIFEST", "ManifestType": "CSV_LIST""#), code: schema,
            path: path + "/ManifestType"),
        InvalidCase(
            name: "S3_INVENTORY with CSV", definition: reader(#""InputType": "CSV", "ManifestType": "S3_INVENTORY""#), code: schema,
            path: path + "/InputType"),
        InvalidCase(
            name: "ATHENA_DATA without InputType", definition: reader(#""ManifestType": "ATHENA_DATA""#), code: schema, path: path),
        InvalidCase(
            name: "LOAD_AND_FLATTEN with getObject", definition: reader(#""InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN""#),
            code: schema, path: path + "/Transformation"),
        InvalidCase(
            name: "LOAD_AND_FLATTEN without InputType",
            definition: reader(#""Transformation": "LOAD_AND_FLATTEN""#, resource: "arn:aws:states:::s3:listObjectsV2"), code: schema,
            path: path),
        InvalidCase(
            name: "MaxItems negative", definition: reader(#""InputType": "JSON", "MaxItems": -1"#), code: schema,
            path: path + "/MaxItems"),
        InvalidCase(
            name: "MaxItems above 100,000,000", definition: reader(#""InputType": "JSON", "MaxItems": 100000001"#), code: schema,
            path: path + "/MaxItems"),
        InvalidCase(
            name: "MaxItems and MaxItemsPath", definition: reader(#""InputType": "JSON", "MaxItems": 2, "MaxItemsPath": "$.n""#),
            code: schema, path: path),
        InvalidCase(
            name: "MaxItemsPath not a reference path", definition: reader(#""InputType": "JSON", "MaxItemsPath": "$..n""#),
            code: schema, path: path + "/MaxItemsPath"),
        InvalidCase(
            name: "MaxItemsPath in JSONata", definition: reader(#""InputType": "JSON", "MaxItemsPath": "$.n""#, jsonata: true),
            code: schema, path: path),
    ]

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    @Test func documentedCombinationsAreValid() {
        expectClean(Self.reader(#""InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"], "CSVDelimiter": "TAB""#))
        expectClean(Self.reader(#""InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 100000000"#))
        expectClean(Self.reader(#""InputType": "JSON", "ItemsPointer": "/data/items""#))
        expectClean(Self.reader(#""InputType": "JSONL", "MaxItemsPath": "$.max""#))
        expectClean(Self.reader(#""InputType": "MANIFEST""#))
        expectClean(Self.reader(#""InputType": "MANIFEST", "ManifestType": "S3_INVENTORY""#))
        expectClean(Self.reader(#""InputType": "CSV", "ManifestType": "ATHENA_DATA", "CSVHeaderLocation": "FIRST_ROW""#))
        expectClean(Self.reader(#""InputType": "PARQUET""#))
        expectClean(Self.reader(#""InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN""#, resource: "arn:aws:states:::s3:listObjectsV2"))
        expectClean(Self.reader(#""InputType": "JSONL", "MaxItems": "{% $max %}""#, jsonata: true))
    }
}
