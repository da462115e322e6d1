//! The server binary's offline `allocate` command (docs/allocation.md), as a planner would run it.
use std::process::Command;

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_server"))
}

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/allocation-example.json")
}

#[test]
fn the_documented_example_allocates_as_documented() {
    let out = server().arg("allocate").arg(example()).output().expect("the server binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(result["summary"]["filled"], 3);
    assert_eq!(result["summary"]["need_covered"], 140);
    let unfilled = &result["unfilled"][0];
    assert_eq!(unfilled["slot"], "req-17-1");
    assert_eq!(unfilled["reason"]["kind"], "working_time_rules");
    let worker_of = |slot: &str| {
        result["assignments"].as_array().unwrap().iter().find(|a| a["slot"] == slot).map(|a| a["worker"].clone())
    };
    assert_eq!(worker_of("req-19-1"), Some("cilla".into()));
}

#[test]
fn a_generated_instance_reads_back_from_standard_input() {
    let generated = server()
        .args(["generate-instance", "--workers", "12", "--slots", "30", "--days", "3", "--first-day", "2027-03-01"])
        .output()
        .expect("the server binary runs");
    assert!(generated.status.success());
    let mut child = server()
        .args(["allocate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&generated.stdout).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &result["summary"];
    assert_eq!(s["slots"], 30);
    assert_eq!(result["assignments"].as_array().unwrap().len() + result["unfilled"].as_array().unwrap().len(), 30);
    assert!(s["need_covered"].as_u64() <= s["need_upper_bound"].as_u64());
}

#[test]
fn nonsense_is_refused_with_the_reason() {
    let mut child = server()
        .args(["allocate"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            br#"{"workers": [], "slots": [{"id": "x", "unit": "u", "need": 150,
            "start": "2027-03-01T10:00:00Z", "end": "2027-03-01T08:00:00Z"}]}"#,
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("slot \"x\" ends before it starts"), "{err}");
    assert!(err.contains("need score 150"), "{err}");
    let mut child = server()
        .args(["allocate"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"{ not json").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("docs/allocation.md"));
}
