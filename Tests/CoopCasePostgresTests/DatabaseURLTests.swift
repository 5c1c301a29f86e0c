import CoopCasePostgres
import CoopCaseService
import Testing

@Suite struct DatabaseURLTests {
    /// Escapes in the user and password are decoded exactly once: a password may itself contain "%".
    @Test func userAndPasswordAreDecodedOnce() throws {
        let settings = try DatabaseSettings(url: "postgres://us%40er:p%25ss%41@db.example:5433/coopcase")
        #expect(settings.username == "us@er")
        #expect(settings.password == "p%ssA")
        #expect(settings.host == "db.example" && settings.port == 5433 && settings.database == "coopcase")
        let plain = try DatabaseSettings(url: "postgres://coopcase_app@127.0.0.1/coopcase")
        #expect(plain.username == "coopcase_app" && plain.password == nil && plain.port == 5432)
    }
}
