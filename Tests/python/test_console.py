"""The web console of `stepwise serve`, driven in headless Chromium with Selenium.

A support person opens the console, reaches a failed execution's error, cause and failing step's input in at most
three clicks, stops a running execution, and sees hostile names as text. With STEPWISE_SCREENSHOTS=1, screenshots
of the main pages are saved under docs/ (the ones checked in were made so). Skipped when Chromium, its driver or Selenium is missing
(scripts/test.sh installs them).
"""
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import ROLE, Server

if os.environ.get("STEPWISE_REQUIRE_BROWSER") == "1":  # scripts/test.sh: a missing browser is a failure, not a skip
    import selenium.webdriver as webdriver  # noqa: E402
    assert shutil.which("chromium") and shutil.which("chromedriver"), "chromium and chromium-driver are required"
else:
    webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "docs"
XSS = "<script>alert(1)</script>"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
pytestmark = pytest.mark.skipif(not CHROMIUM or not DRIVER, reason="chromium and chromium-driver are not installed")


def definition(start, states):
    return json.dumps({"StartAt": start, "States": states})


@pytest.fixture(scope="module")
def server():
    server = Server("--in-memory")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000",
                     "--force-device-scale-factor=1", "--no-proxy-server"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def world(server):
    """Machines and executions: one failed by its worker, one running, one with a hostile state name."""
    sfn = server.client()
    activity = sfn.create_activity(name="charge-card")["activityArn"]
    slow = sfn.create_activity(name="slow-work")["activityArn"]
    orders = sfn.create_state_machine(
        name="orders", roleArn=ROLE,
        definition=json.dumps({
            "StartAt": "Check order",
            "States": {
                "Check order": {"Type": "Choice", "Choices": [
                    {"Variable": "$.total", "NumericGreaterThan": 0, "Next": "Prepare"}], "Default": "Reject"},
                "Reject": {"Type": "Fail", "Error": "Order.Empty", "Cause": "nothing to charge"},
                "Prepare": {"Type": "Pass", "Result": {"currency": "EUR"}, "ResultPath": "$.payment", "Next": "Charge card"},
                "Charge card": {"Type": "Task", "Resource": activity, "Next": "Ship",
                                "Catch": [{"ErrorEquals": ["Card.Retry"], "Next": "Reject"}]},
                "Ship": {"Type": "Parallel", "End": True, "Branches": [
                    {"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": True}}},
                    {"StartAt": "Label", "States": {"Label": {"Type": "Pass", "End": True}}}]},
            }}))["stateMachineArn"]
    failed = sfn.start_execution(stateMachineArn=orders, name="order-1042",
                                 input=json.dumps({"total": 129.5, "customer": "Ada"}))["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="test-worker")
    assert "taskToken" in task
    sfn.send_task_failure(taskToken=task["taskToken"], error="Card.Declined", cause="The bank declined the card (insufficient funds)")
    wait_for_status(sfn, failed, "FAILED")

    waiting = sfn.create_state_machine(
        name="waits-for-a-worker", roleArn=ROLE,
        definition=definition("Slow step", {"Slow step": {"Type": "Task", "Resource": slow, "End": True}}))["stateMachineArn"]
    running = sfn.start_execution(stateMachineArn=waiting, name="stuck-1", input="{}")["executionArn"]

    hostile = sfn.create_state_machine(
        name="hostile", roleArn=ROLE,
        definition=definition(XSS, {XSS: {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}}))["stateMachineArn"]
    shown = sfn.start_execution(stateMachineArn=hostile, name="xss-1", input=json.dumps({"note": XSS}))["executionArn"]
    wait_for_status(sfn, shown, "SUCCEEDED")
    return {"sfn": sfn, "orders": orders, "failed": failed, "running": running, "hostile": hostile, "xss": shown}


def wait_for_status(sfn, arn, status, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sfn.describe_execution(executionArn=arn)["status"] == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"{arn} did not reach {status}")


def screenshot(browser, name):
    if os.environ.get("STEPWISE_SCREENSHOTS") != "1":
        return
    DOCS.mkdir(exist_ok=True)
    height = browser.execute_script("return Math.min(document.body.scrollHeight, 2200)")
    browser.set_window_size(1440, max(900, height))
    browser.save_screenshot(str(DOCS / name))
    browser.set_window_size(1440, 1000)


def assert_no_alert(browser):
    try:
        alert = browser.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    raise AssertionError(f"a script ran: alert({text!r})")


def test_machines_list_shows_machines_and_counts(server, world, browser):
    browser.get(server.endpoint + "/console/")
    table = browser.find_element(By.ID, "machines")
    text = table.text
    for name in ["orders", "waits-for-a-worker", "hostile"]:
        assert name in text
    orders_row = [row for row in table.find_elements(By.CSS_SELECTOR, "tbody tr") if row.text.startswith("orders")][0]
    cells = [cell.text for cell in orders_row.find_elements(By.TAG_NAME, "td")]
    assert cells[1] == "STANDARD"
    assert cells[3:] == ["0", "0", "1", "0", "0"]  # RUNNING SUCCEEDED FAILED TIMED_OUT ABORTED
    screenshot(browser, "console-machines.png")


def test_failed_execution_error_cause_and_step_input_within_three_clicks(server, world, browser):
    browser.get(server.endpoint + "/console/")
    clicks = 0
    browser.find_element(By.LINK_TEXT, "order-1042").click()  # from "Recent failed executions"
    clicks += 1
    failure = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "failure")))
    assert "Card.Declined" in failure.text
    assert "insufficient funds" in failure.text
    assert "Charge card" in failure.text
    step_input = json.loads(browser.find_element(By.CSS_SELECTOR, "#failed-step-input pre").text)
    assert step_input == {"total": 129.5, "customer": "Ada", "payment": {"currency": "EUR"}}
    assert clicks <= 3
    # The graph colours the states: the failed task red, the states before it green, the rest not reached.
    assert "status-failed" in browser.find_element(By.CSS_SELECTOR, 'g.state[data-state="Charge card"]').get_attribute("class")
    assert "status-succeeded" in browser.find_element(By.CSS_SELECTOR, 'g.state[data-state="Prepare"]').get_attribute("class")
    assert "status-not-reached" in browser.find_element(By.CSS_SELECTOR, 'g.state[data-state="Ship"]').get_attribute("class")
    screenshot(browser, "console-execution-failed.png")


def test_choosing_a_state_shows_its_input_output_and_error(server, world, browser):
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(world["failed"], safe=""))
    browser.find_element(By.CSS_SELECTOR, 'g.state[data-state="Charge card"]').click()
    details = [d for d in browser.find_elements(By.CSS_SELECTOR, "details.run") if d.get_attribute("data-state") == "Charge card"][0]
    WebDriverWait(browser, 5).until(lambda _: details.get_attribute("open") is not None)
    assert "Card.Declined" in details.text
    assert "ActivityFailed" in details.text
    prepare = [d for d in browser.find_elements(By.CSS_SELECTOR, "details.run") if d.get_attribute("data-state") == "Prepare"][0]
    prepare.find_element(By.TAG_NAME, "summary").click()
    assert '"currency": "EUR"' in prepare.text
    events = browser.find_element(By.ID, "events").text
    for event in ["ExecutionStarted", "ChoiceStateEntered", "ActivityScheduled", "ActivityFailed", "ExecutionFailed"]:
        assert event in events


def test_executions_list_filters_by_status_and_name(server, world, browser):
    browser.get(server.endpoint + "/console/executions?status=FAILED")
    text = browser.find_element(By.ID, "executions").text
    assert "order-1042" in text and "stuck-1" not in text
    browser.get(server.endpoint + "/console/executions?name=STUCK")
    text = browser.find_element(By.ID, "executions").text
    assert "stuck-1" in text and "order-1042" not in text
    browser.get(server.endpoint + "/console/executions")
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.executions a.name")]
    assert names == ["xss-1", "stuck-1", "order-1042"]  # newest first, across machines


def test_stop_a_running_execution(server, world, browser):
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(world["running"], safe=""))
    assert "RUNNING" in browser.find_element(By.TAG_NAME, "h1").text
    assert "slow-work has no poller" in browser.find_element(By.ID, "no-worker").text
    screenshot(browser, "console-execution-running.png")
    browser.find_element(By.ID, "stop").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    WebDriverWait(browser, 10).until(lambda b: "ABORTED" in b.find_element(By.TAG_NAME, "h1").text)
    assert world["sfn"].describe_execution(executionArn=world["running"])["status"] == "ABORTED"


def test_hostile_names_render_as_text(server, world, browser):
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(world["xss"], safe=""))
    assert_no_alert(browser)
    assert XSS in browser.find_element(By.ID, "states").text
    assert XSS in browser.find_element(By.CSS_SELECTOR, ".card pre.json").text  # the input
    browser.get(server.endpoint + "/console/machine?arn=" + urllib.parse.quote(world["hostile"], safe=""))
    assert_no_alert(browser)
    assert browser.find_element(By.CSS_SELECTOR, ".graph g.state").get_attribute("data-state") == XSS
    assert not browser.find_elements(By.XPATH, "//main//script")


def test_start_an_execution_validates_its_input(server, world, browser):
    browser.get(server.endpoint + "/console/machine?arn=" + urllib.parse.quote(world["orders"], safe=""))
    screenshot(browser, "console-machine.png")
    area = browser.find_element(By.ID, "start-input")
    area.clear()
    area.send_keys('{"total": ')
    browser.find_element(By.CSS_SELECTOR, "form[action='/console/actions/start'] button").click()
    assert "not valid JSON" in browser.find_element(By.ID, "start-input-error").text
    assert "/console/machine" in browser.current_url
    area.clear()
    area.send_keys('{"total": 0}')
    browser.find_element(By.NAME, "name").send_keys("from-console")
    browser.find_element(By.CSS_SELECTOR, "form[action='/console/actions/start'] button").click()
    WebDriverWait(browser, 10).until(lambda b: "/console/execution?" in b.current_url)
    WebDriverWait(browser, 10).until(lambda b: "FAILED" in b.find_element(By.TAG_NAME, "h1").text)
    assert "Order.Empty" in browser.find_element(By.ID, "failure").text


def test_activities_page(server, world, browser):
    sfn = world["sfn"]
    machine = world["orders"].replace("orders", "waits-for-a-worker")
    waiting = [sfn.start_execution(stateMachineArn=machine, name=f"queued-{i}")["executionArn"] for i in range(2)]
    browser.get(server.endpoint + "/console/activities")
    rows = {row.find_element(By.TAG_NAME, "td").text: [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "#activities tbody tr")}
    assert rows["charge-card"][1] == "0" and "test-worker" in rows["charge-card"][4]
    assert rows["slow-work no worker polling"][1] == "2"
    assert rows["slow-work no worker polling"][3] == "never"
    screenshot(browser, "console-activities.png")
    for arn in waiting:
        sfn.stop_execution(executionArn=arn)


def request(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_pages_carry_a_content_security_policy(server, world):
    status, headers, body = request(server.endpoint + "/console/")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in body.replace('<script src="/console/assets/console.js" defer></script>', "")


def test_actions_need_the_csrf_token(server, world):
    sfn = world["sfn"]
    arn = sfn.start_execution(stateMachineArn=world["orders"].replace("orders", "waits-for-a-worker"), name="csrf-1")["executionArn"]
    body = urllib.parse.urlencode({"arn": arn}).encode()
    status, _, _ = request(server.endpoint + "/console/actions/stop", data=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, _ = request(server.endpoint + "/console/actions/stop", data=urllib.parse.urlencode({"arn": arn, "csrf": "0" * 64}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    sfn.stop_execution(executionArn=arn)


def test_with_auth_the_console_asks_for_the_printed_token(browser):
    server = Server("--in-memory", "--auth", "AKIDTEST:secret")
    try:
        token = None
        for _ in range(5):
            line = server.process.stdout.readline()
            match = re.search(r"console token ([0-9a-f]{64})", line)
            if match:
                token = match.group(1)
                break
        assert token, "serve did not print a console token"
        status, _, _ = request(server.endpoint + "/console/activities")
        assert status == 200  # the login page, after the redirect
        browser.get(server.endpoint + "/console/")
        assert "/console/login" in browser.current_url
        field = browser.find_element(By.NAME, "token")
        field.send_keys("wrong")
        field.submit()
        # The answer is a new page: wait for it rather than look at the one being left.
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".message.error"))
        assert "not the one" in browser.find_element(By.CSS_SELECTOR, ".message.error").text
        browser.find_element(By.NAME, "token").send_keys(token)
        browser.find_element(By.NAME, "token").submit()
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.TAG_NAME, "h1") and "State machines" in b.find_element(By.TAG_NAME, "h1").text)
    finally:
        server.stop()


def test_map_iterations_and_parallel_branches_are_reachable(server, browser):
    sfn = server.client()
    machine = sfn.create_state_machine(name="fan-out", roleArn=ROLE, definition=json.dumps({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "Each", "OutputPath": "$[0]", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Ok"},
            "Ok": {"Type": "Pass", "End": True},
            "Bad": {"Type": "Fail", "Error": "Item.Two", "Cause": "two is not allowed"}}}}}}))["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="fan-1", input=json.dumps({"items": [1, 2, 3]}))["executionArn"]
    wait_for_status(sfn, arn, "FAILED")
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(arn, safe=""))
    rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")[:4]]
            for row in browser.find_elements(By.CSS_SELECTOR, "#states tbody tr")]
    assert ["A", "Pass", "Branch 1 of Both", "SUCCEEDED"] in rows
    assert ["B", "Pass", "Branch 2 of Both", "SUCCEEDED"] in rows
    assert ["Inner", "Choice", "Iteration 2 of Each", "SUCCEEDED"] in rows
    assert ["Bad", "Fail", "Iteration 1 of Each", "FAILED"] in rows
    failure = browser.find_element(By.ID, "failure").text
    assert "Item.Two" in failure and "Iteration 1 of Each" in failure
    assert browser.find_element(By.CSS_SELECTOR, "#failed-step-input pre").text == "2"
    assert "status-failed" in browser.find_element(By.CSS_SELECTOR, 'g.state[data-state="Bad"]').get_attribute("class")
    screenshot(browser, "console-execution-map.png")


def test_a_running_execution_updates_live(server, world, browser):
    sfn = world["sfn"]
    activity = sfn.create_activity(name="live-work")["activityArn"]
    machine = sfn.create_state_machine(
        name="live", roleArn=ROLE,
        definition=definition("Work", {"Work": {"Type": "Task", "Resource": activity, "End": True}}))["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name="live-1")["executionArn"]
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(arn, safe=""))
    assert "RUNNING" in browser.find_element(By.TAG_NAME, "h1").text
    browser.execute_script("window.stepwiseMarker = 42")
    task = sfn.get_activity_task(activityArn=activity, workerName="live-worker")
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"done": True}))
    WebDriverWait(browser, 15).until(lambda b: "SUCCEEDED" in b.find_element(By.TAG_NAME, "h1").text)
    assert browser.execute_script("return window.stepwiseMarker") == 42  # updated in place, not reloaded
    assert '"done": true' in browser.find_element(By.TAG_NAME, "main").text  # the output, shown without a reload
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "0"


def test_executions_are_paged_newest_first(server, browser):
    sfn = server.client()
    machine = sfn.create_state_machine(
        name="many", roleArn=ROLE, definition=definition("Done", {"Done": {"Type": "Succeed"}}))["stateMachineArn"]
    for i in range(55):
        sfn.start_execution(stateMachineArn=machine, name=f"run-{i:02d}")
    browser.get(server.endpoint + "/console/executions?machine=" + urllib.parse.quote(machine, safe=""))
    first = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.executions a.name")]
    assert first == [f"run-{i:02d}" for i in range(54, 4, -1)]
    browser.find_element(By.PARTIAL_LINK_TEXT, "Older executions").click()
    second = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.executions a.name")]
    assert second == ["run-04", "run-03", "run-02", "run-01", "run-00"]
    assert not browser.find_elements(By.PARTIAL_LINK_TEXT, "Older executions")
    # Across machines the same cursor pages through every machine's list merged by start date.
    browser.get(server.endpoint + "/console/executions?name=run-")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.executions a.name")) == 50
    browser.find_element(By.PARTIAL_LINK_TEXT, "Older executions").click()
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.executions a.name")] == ["run-04", "run-03", "run-02", "run-01", "run-00"]


def test_redrive_a_failed_execution(server, world, browser):
    sfn = world["sfn"]
    browser.get(server.endpoint + "/console/execution?arn=" + urllib.parse.quote(world["failed"], safe=""))
    browser.find_element(By.ID, "redrive").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    WebDriverWait(browser, 10).until(lambda b: "RUNNING" in b.find_element(By.TAG_NAME, "h1").text)
    described = sfn.describe_execution(executionArn=world["failed"])
    assert described["status"] == "RUNNING" and described["redriveCount"] == 1
    assert "1" == browser.find_element(By.XPATH, "//dt[text()='Redrives']/following-sibling::dd[1]").text
    sfn.stop_execution(executionArn=world["failed"])


def test_activities_page_lists_local_lambda_functions(browser):
    """Issue 12: the activities page lists the local Lambda functions with their limits and invocation counts."""
    lambda_server = Server("--in-memory", "--function", "resize-image=/bin/true")
    try:
        browser.get(lambda_server.endpoint + "/console/activities")
        table = browser.find_element(By.ID, "functions")
        rows = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert len(rows) == 1 and rows[0].startswith("resize-image"), rows
        assert "provided.al2023" in rows[0] and "128 MB" in rows[0]
    finally:
        lambda_server.stop()


def test_an_express_machine_runs_from_the_console_and_shows_its_result(server, world, browser):
    # AWS keeps no list of an EXPRESS machine's executions: the console counts none, lists none (not even across
    # machines), and a run waits for its result and shows it, since it cannot be described afterwards.
    sfn = world["sfn"]
    express = sfn.create_state_machine(
        name="express-sum", roleArn=ROLE, type="EXPRESS",
        definition=definition("Sum", {"Sum": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}))
    arn = express["stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn, name="async-one", input='{"a": 1, "b": 1}')
    browser.get(server.endpoint + "/console/")
    row = browser.find_element(By.XPATH, "//table[@id='machines']//tr[td/a[text()='express-sum']]")
    assert [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td.num")] == ["—"] * 5
    browser.get(server.endpoint + "/console/executions")
    assert "async-one" not in browser.find_element(By.ID, "executions").text
    browser.get(server.endpoint + "/console/executions?machine=" + urllib.parse.quote(arn, safe=""))
    assert "StartSyncExecution" in browser.find_element(By.ID, "executions").text
    browser.get(server.endpoint + "/console/machine?arn=" + urllib.parse.quote(arn, safe=""))
    assert "StartSyncExecution" in browser.find_element(By.ID, "executions").text
    area = browser.find_element(By.ID, "start-input")
    area.clear()
    area.send_keys('{"a": 2, "b": 40}')
    browser.find_element(By.NAME, "name").send_keys("sync-from-console")
    browser.find_element(By.CSS_SELECTOR, "form[action='/console/actions/start'] button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "express-result"))
    assert "sync-from-console" == browser.find_element(By.TAG_NAME, "h1").text
    assert "SUCCEEDED" in browser.find_element(By.ID, "express-result").text
    assert '"sum": 42' in browser.find_element(By.TAG_NAME, "main").text
