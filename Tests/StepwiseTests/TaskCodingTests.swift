import Foundation
import StatesLanguage
import Stepwise
import Testing

/// `TaskCoding` decodes from and encodes into the parsed JSON tree directly; what it produces must be what
/// `JSONEncoder`/`JSONDecoder` (ISO 8601 dates, sorted keys), which it replaced, produce for the same values.
@Suite struct TaskCodingTests {
    enum Size: String, Codable, Sendable { case small, large }

    struct Nested: Codable, Equatable, Sendable {
        var name: String
        var tags: [String]
        var scores: [String: Double]
        var byNumber: [Int: String]
    }

    struct Everything: Codable, Equatable, Sendable {
        var flag: Bool
        var int: Int
        var int8: Int8
        var uint64: UInt64
        var double: Double
        var float: Float
        var smallFloat: Float
        var text: String
        var optional: String?
        var missing: Int?
        var size: Size
        var date: Date
        var data: Data
        var url: URL
        var decimal: Decimal
        var nested: Nested
        var matrix: [[Int]]
        var optionals: [Int?]
        var tuple: [Nested]
    }

    /// A type with a hand-written conformance using nested containers and a super encoder.
    final class Shape: Codable, Equatable, @unchecked Sendable {
        var sides: Int
        var points: [[Double]]
        enum Keys: String, CodingKey { case sides, geometry, points, base }
        init(sides: Int, points: [[Double]]) {
            self.sides = sides
            self.points = points
        }
        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let geometry = try container.nestedContainer(keyedBy: Keys.self, forKey: .geometry)
            sides = try geometry.decode(Int.self, forKey: .sides)
            var list = try geometry.nestedUnkeyedContainer(forKey: .points)
            var points: [[Double]] = []
            while !list.isAtEnd {
                var pair = try list.nestedUnkeyedContainer()
                points.append([try pair.decode(Double.self), try pair.decode(Double.self)])
            }
            self.points = points
            let base = try container.superDecoder(forKey: .base)
            _ = try base.container(keyedBy: Keys.self).decode(Int.self, forKey: .sides)
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var geometry = container.nestedContainer(keyedBy: Keys.self, forKey: .geometry)
            try geometry.encode(sides, forKey: .sides)
            var list = geometry.nestedUnkeyedContainer(forKey: .points)
            for point in points {
                var pair = list.nestedUnkeyedContainer()
                for coordinate in point { try pair.encode(coordinate) }
            }
            var base = container.superEncoder(forKey: .base).container(keyedBy: Keys.self)
            try base.encode(sides * 2, forKey: .sides)
        }
        static func == (lhs: Shape, rhs: Shape) -> Bool { lhs.sides == rhs.sides && lhs.points == rhs.points }
    }

    static let sample = Everything(
        flag: true, int: -42, int8: -8, uint64: 9_007_199_254_740_993, double: 0.1, float: 1.5, smallFloat: 0.1, text: "zoë \"q\" \n",
        optional: "here", missing: nil, size: .large, date: Date(timeIntervalSince1970: 1_700_000_000),
        data: Data([0, 1, 2, 250]), url: URL(string: "https://example.com/a?b=c")!, decimal: Decimal(string: "12.50")!,
        nested: Nested(name: "n", tags: ["b", "a"], scores: ["z": 1, "a10": 2.5, "a2": -0.0, "B": 3], byNumber: [10: "ten", 2: "two"]),
        matrix: [[1, 2], [], [3]], optionals: [1, nil, 3],
        tuple: [Nested(name: "", tags: [], scores: [:], byNumber: [:])])

    /// What JSONEncoder (ISO 8601 dates, sorted keys) makes of `value`, as a tree.
    static func reference<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try JSONValue(parsing: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func referenceDecode<T: Decodable>(_ type: T.Type, _ json: JSONValue) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(json.jsonBytes()))
    }

    @Test("encodes every kind of value as JSONEncoder does, keys in the same order")
    func encodesLikeJSONEncoder() throws {
        let tree = try TaskCoding.encode(Self.sample)
        let reference = try Self.reference(Self.sample)
        #expect(tree.jsonString() == reference.jsonString())
        #expect(try TaskCoding.encode(Shape(sides: 3, points: [[0, 0], [1, 0.5]])).jsonString()
            == Self.reference(Shape(sides: 3, points: [[0, 0], [1, 0.5]])).jsonString())
        for value in [Self.sample.nested, Self.sample.tuple[0]] {
            #expect(try TaskCoding.encode(value) == Self.reference(value))
        }
        #expect(try TaskCoding.encode([String?]([nil, "a"])) == Self.reference([String?]([nil, "a"])))
        #expect(try TaskCoding.encode(Optional<Int>.none) == .null)
        #expect(try TaskCoding.encode(Size.small) == "small")
        #expect(try TaskCoding.encode(7) == 7)
    }

    @Test("decodes what it encodes, and what JSONDecoder decodes")
    func roundTrips() throws {
        let tree = try TaskCoding.encode(Self.sample)
        #expect(try TaskCoding.decode(Everything.self, from: tree) == Self.sample)
        #expect(try TaskCoding.decode(Everything.self, from: tree) == Self.referenceDecode(Everything.self, tree))
        let shape = Shape(sides: 4, points: [[1, 2], [3, 4]])
        #expect(try TaskCoding.decode(Shape.self, from: TaskCoding.encode(shape)) == shape)
        // Integers written as floating-point numbers with no fraction are integers; numbers are doubles.
        #expect(try TaskCoding.decode(Int.self, from: .double(2)) == 2)
        #expect(try TaskCoding.decode(Double.self, from: 2) == 2.0)
        #expect(try TaskCoding.decode([Int?].self, from: [1, nil]) == [1, nil])
    }

    @Test("a JSONValue in a handler's input keeps its objects' members in the input's order")
    func jsonValueKeepsMemberOrder() throws {
        struct Envelope: Decodable { var id: Int; var payload: JSONValue }
        let input = try JSONValue(parsing: #"{"id": 1, "payload": {"zebra": 1, "apple": [{"z": 0, "a": 1}], "mango": null}}"#)
        let decoded = try TaskCoding.decode(Envelope.self, from: input)
        #expect(decoded.payload.jsonString() == #"{"zebra":1,"apple":[{"z":0,"a":1}],"mango":null}"#)
        // JSONDecoder cannot say in what order the members came; JSONValue's own decoding sorts them.
        #expect(try Self.referenceDecode(Envelope.self, input).payload.jsonString() == #"{"apple":[{"a":1,"z":0}],"mango":null,"zebra":1}"#)
    }

    @Test("refuses what JSONDecoder refuses, with the same kind of DecodingError")
    func refusesLikeJSONDecoder() throws {
        func kind(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "decoded"
            } catch let error as DecodingError {
                switch error {
                case .typeMismatch: return "typeMismatch"
                case .valueNotFound: return "valueNotFound"
                case .keyNotFound: return "keyNotFound"
                case .dataCorrupted: return "dataCorrupted"
                @unknown default: return "unknown"
                }
            } catch {
                return "other"
            }
        }
        let cases: [(JSONValue, (JSONValue) throws -> Void)] = [
            (["name": 1], { _ = try TaskCoding.decode(Nested.self, from: $0) }),
            (["name": "x"], { _ = try TaskCoding.decode(Nested.self, from: $0) }),
            ([1, 2], { _ = try TaskCoding.decode(Nested.self, from: $0) }),
            (.null, { _ = try TaskCoding.decode(Int.self, from: $0) }),
            ("tomorrow", { _ = try TaskCoding.decode(Date.self, from: $0) }),
            ("not base64!", { _ = try TaskCoding.decode(Data.self, from: $0) }),
            (1.5, { _ = try TaskCoding.decode(Int.self, from: $0) }),
            (300, { _ = try TaskCoding.decode(UInt8.self, from: $0) }),
            ("huge", { _ = try TaskCoding.decode(Size.self, from: $0) }),
            (true, { _ = try TaskCoding.decode(String.self, from: $0) }),
        ]
        let references: [(JSONValue) throws -> Void] = [
            { _ = try Self.referenceDecode(Nested.self, $0) }, { _ = try Self.referenceDecode(Nested.self, $0) },
            { _ = try Self.referenceDecode(Nested.self, $0) }, { _ = try Self.referenceDecode(Int.self, $0) },
            { _ = try Self.referenceDecode(Date.self, $0) }, { _ = try Self.referenceDecode(Data.self, $0) },
            { _ = try Self.referenceDecode(Int.self, $0) }, { _ = try Self.referenceDecode(UInt8.self, $0) },
            { _ = try Self.referenceDecode(Size.self, $0) }, { _ = try Self.referenceDecode(String.self, $0) },
        ]
        for (index, (json, decode)) in cases.enumerated() {
            let ours = kind { try decode(json) }
            let theirs = kind { try references[index](json) }
            #expect(ours == theirs, "case \(index): \(json.jsonString())")
            #expect(ours != "decoded", "case \(index)")
        }
    }

    @Test("refuses a non-finite number, as JSONEncoder does")
    func refusesNonFinite() {
        #expect(throws: EncodingError.self) { try TaskCoding.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try TaskCoding.encode(["x": Double.infinity]) }
    }
}
