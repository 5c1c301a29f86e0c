import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Synchronization
import Testing

@Suite struct SessionCacheTests {
    /// Waits (at most 30 s, for a busy machine) for `condition`; the answer it last saw.
    private func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<600 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A cooperative's applicant, and a random token hash not yet stored.
    static func applicantAndToken(_ test: TestDatabase, serial: Int) async throws -> (user: Actor, token: Data) {
        let cooperative = Fixtures.cooperative(serial: serial)
        try await test.service.cooperatives.create(cooperative, by: nil)
        let user = try await Fixtures(test.database).applicant(for: cooperative)
        return (user, Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
    }

    @Test func lookupsComeFromMemoryOnlyWhileListeningAndAnyChangeElsewhereEndsThem() async throws {
        try await TestDatabase.with { test in
            let sessions = test.database.sessions
            let (user, token) = try await Self.applicantAndToken(test, serial: 7301)
            _ = try await sessions.create(userId: user.userId, tokenHash: token, lifetime: .seconds(3600))
            let logger = test.database.logger
            func revoke() async throws {
                try await test.owner.query("REVOKE SELECT ON sessions FROM coopcase_app", logger: logger)
            }
            func grant() async throws {
                try await test.owner.query("GRANT SELECT ON sessions TO coopcase_app", logger: logger)
            }

            // Not listening: every lookup reads the table.
            #expect(!sessions.isListening)
            #expect(try await sessions.user(tokenHash: token)?.id == user.userId)
            try await revoke()
            await #expect(throws: (any Error).self) { try await sessions.user(tokenHash: token) }
            try await grant()

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await sessions.keepCacheCurrent(retryAfter: .milliseconds(50)) }
                #expect(try await eventually { sessions.isListening })
                // Listening: the first lookup is remembered, the next is answered without the table.
                #expect(try await sessions.user(tokenHash: token)?.id == user.userId)
                try await revoke()
                #expect(try await sessions.user(tokenHash: token)?.id == user.userId)
                try await grant()

                // Another process disables the user: the notification at its commit ends the remembered session.
                try await test.owner.query(
                    "UPDATE users SET disabled = true WHERE id = \(user.userId)", logger: logger)
                #expect(try await eventually { try await sessions.user(tokenHash: token) == nil })
                try await test.owner.query(
                    "UPDATE users SET disabled = false WHERE id = \(user.userId)", logger: logger)
                #expect(try await eventually { try await sessions.user(tokenHash: token) != nil })

                // And revoking the session elsewhere ends it likewise.
                try await test.owner.query(
                    "UPDATE sessions SET revoked_at = now() WHERE token_hash = \(token)", logger: logger)
                #expect(try await eventually { try await sessions.user(tokenHash: token) == nil })

                // The listening connection is lost: nothing remembered may outlive a change made meanwhile.
                let again = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
                _ = try await sessions.create(userId: user.userId, tokenHash: again, lifetime: .seconds(3600))
                #expect(try await sessions.user(tokenHash: again)?.id == user.userId)
                try await test.owner.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND query ILIKE 'LISTEN%'
                    """, logger: logger)
                try await Task.sleep(for: .milliseconds(200))
                try await test.owner.query(
                    "UPDATE users SET disabled = true WHERE id = \(user.userId)", logger: logger)
                #expect(try await eventually { try await sessions.user(tokenHash: again) == nil })
                #expect(try await eventually { sessions.isListening })
                group.cancelAll()
            }
            #expect(!sessions.isListening)
        }
    }

    @Test func sessionsExpireOnTheInjectedClockFromTheTableAndFromMemory() async throws {
        let clock = Mutex(Date())
        try await TestDatabase.with(clock: { clock.withLock { $0 } }) { test in
            let sessions = test.database.sessions
            let (user, token) = try await Self.applicantAndToken(test, serial: 7302)
            let expires = try await sessions.create(userId: user.userId, tokenHash: token, lifetime: .seconds(3600))
            let start = clock.withLock { $0 }
            #expect(abs(expires.timeIntervalSince(start) - 3600) < 1)
            // From the table.
            #expect(try await sessions.user(tokenHash: token)?.id == user.userId)
            clock.withLock { $0 += 3601 }
            #expect(try await sessions.user(tokenHash: token) == nil)
            clock.withLock { $0 -= 3601 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await sessions.keepCacheCurrent(retryAfter: .milliseconds(50)) }
                let listening = try await eventually { sessions.isListening }
                #expect(listening)
                // From memory: remembered, then past its expiry on the same clock.
                #expect(try await sessions.user(tokenHash: token)?.id == user.userId)
                clock.withLock { $0 += 3601 }
                #expect(try await sessions.user(tokenHash: token) == nil)
                group.cancelAll()
            }
        }
    }

    /// A workspace session is remembered only until its use is due to be marked again (a minute) or its idle time
    /// runs out, whichever comes first; the mark is then written once, and a change elsewhere still ends it at once.
    @Test func workspaceSessionsAreRememberedUntilTheirMarkIsDueAndNeverPastTheirIdleTime() async throws {
        let clock = Mutex(Date())
        try await TestDatabase.with(clock: { clock.withLock { $0 } }) { test in
            let sessions = test.database.sessions
            let (user, token) = try await Self.applicantAndToken(test, serial: 7303)
            _ = try await sessions.createWeb(
                userId: user.userId, tokenHash: token, lifetime: .seconds(8 * 3600), idle: .seconds(30 * 60))
            let logger = test.database.logger
            func hide() async throws {
                try await test.owner.query("REVOKE SELECT, UPDATE ON web_sessions FROM coopcase_app", logger: logger)
            }
            func show() async throws {
                try await test.owner.query("GRANT SELECT, UPDATE ON web_sessions TO coopcase_app", logger: logger)
            }
            func mark() async throws -> Date? {
                let rows = try await test.owner.query(
                    "SELECT last_seen_at FROM web_sessions WHERE token_hash = \(token)", logger: logger)
                for try await seen in rows.decode(Date.self) { return seen }
                return nil
            }
            // A web token is never a bearer token, remembered or not.
            #expect(try await sessions.user(tokenHash: token) == nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await sessions.keepCacheCurrent(retryAfter: .milliseconds(50)) }
                #expect(try await eventually { sessions.isListening })
                let started = try #require(try await mark())
                #expect(try await sessions.webUser(tokenHash: token)?.id == user.userId)
                #expect(try await sessions.user(tokenHash: token) == nil)

                // Within the minute: from memory, the table unread.
                clock.withLock { $0 += 50 }
                try await hide()
                #expect(try await sessions.webUser(tokenHash: token)?.id == user.userId)

                // The mark is due: the table is read (and refuses while hidden), then marked once.
                clock.withLock { $0 += 20 }
                await #expect(throws: (any Error).self) { try await sessions.webUser(tokenHash: token) }
                try await show()
                #expect(try await sessions.webUser(tokenHash: token)?.id == user.userId)
                let marked = try #require(try await mark())
                #expect(abs(marked.timeIntervalSince(started) - 70) < 1)

                // Idle past thirty minutes: nothing remembered answers, the table says it ended.
                clock.withLock { $0 += 31 * 60 }
                #expect(try await sessions.webUser(tokenHash: token) == nil)
                #expect(try await mark() == marked)

                // Another session, remembered, ended elsewhere: the notification ends it here too.
                let other = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
                _ = try await sessions.createWeb(
                    userId: user.userId, tokenHash: other, lifetime: .seconds(8 * 3600), idle: .seconds(30 * 60))
                #expect(try await sessions.webUser(tokenHash: other)?.id == user.userId)
                try await test.owner.query(
                    "UPDATE users SET disabled = true WHERE id = \(user.userId)", logger: logger)
                #expect(try await eventually { try await sessions.webUser(tokenHash: other) == nil })
                group.cancelAll()
            }
        }
    }
}
