import Hummingbird
import JifenCharts
import JifenPolicy

/// A complete server-rendered page: Chinese first, one same-origin stylesheet, no scripts.
struct HTMLPage {
    var title: String
    var body: String

    var html: String {
        """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(Self.escape(title)) · jifen 积分</title>
        <link rel="stylesheet" href="/style.css">
        </head>
        <body>
        <a class="skip" href="#main">跳到正文 Skip to content</a>
        <header><nav aria-label="主导航 Main"><a href="/">积分测算 Points check</a> <a href="/rules">规则 Rule explorer</a> <a href="/planner">规划 Planner</a> <a href="/openapi.json">API</a></nav></header>
        <main id="main">
        \(body)
        </main>
        <footer><p>jifen — \(Self.escape(ScoreCard.disclaimer)) Nothing you enter is stored or logged. 您输入的信息不会被保存或记录。</p></footer>
        </body>
        </html>

        """
    }

    func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Text safe inside element content and double-quoted attribute values: the charts' XML
    /// escaping, which also drops the control characters neither HTML nor XML allows.
    static func escape(_ s: String) -> String { XMLText.escaped(s) }
}
