// Verifies one captured webhook with the reference Standard Webhooks library, so the tests check
// Candor's signatures against the spec's own implementation rather than only against our code.
// stdin: {"secret": "whsec_…", "headers": {"webhook-id": …}, "body": "<raw body>"}
// Exit 0 when the signature verifies; 1 (with the reason on stderr) when it does not.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}

try {
  const { secret, headers, body } = JSON.parse(input);
  new Webhook(secret).verify(body, headers);
  process.exit(0);
} catch (error) {
  console.error(`verification failed: ${error.message}`);
  process.exit(1);
}
