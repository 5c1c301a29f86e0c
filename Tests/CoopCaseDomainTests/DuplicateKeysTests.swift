import CoopCaseDomain
import Testing

@Suite struct DuplicateKeysTests {
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a"),
        (#"{"a":1,"\u0061":2}"#, "a"),
        (#"{"x":{"b":[1,{"c":1,"c":2}]}}"#, "c"),
        (#"{"request":{"amount":1},"request":{"amount":2}}"#, "request"),
        (#" { "k" : "v" , "k" : "w" } "#, "k"),
    ])
    func aKeyWrittenTwiceInOneObjectIsFound(json: String, key: String) {
        #expect(DuplicateKeys.first(in: Array(json.utf8)) == key)
    }

    @Test(arguments: [
        #"{"a":1,"b":{"a":2}}"#,
        #"[{"a":1},{"a":2}]"#,
        #"{"a":"\"a\":1, \"a\":2","b":"{}[]"}"#,
        #"{"items":[{"name":"x"},{"name":"y"}]}"#,
        #"{"a":"\u00e9","\u00e9":1,"é":2}"#,
        "{\"a\":", "not json", "",
    ])
    func sameKeysInOtherObjectsOrInsideStringsAreNot(json: String) {
        #expect(DuplicateKeys.first(in: Array(json.utf8)) == nil)
    }
}
