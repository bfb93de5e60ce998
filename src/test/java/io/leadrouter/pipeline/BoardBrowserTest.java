package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two reps on the pull board in two headless Chromiums (one phone-sized): they race for one lead — one wins, the other
 * is told it is already claimed — and a lead claimed on one board leaves the other within a second.
 */
class BoardBrowserTest extends AbstractBrowserTest {
    static WebDriver alicePhone;
    static WebDriver bobLaptop;

    @BeforeAll
    static void openBrowsers() {
        alicePhone = browser(390, 844);
        bobLaptop = browser(1280, 900);
    }

    static By card(String leadId) {
        return By.cssSelector("#open-leads [data-lead-id='" + leadId + "']");
    }

    @Test
    void twoRepsRaceForOneLeadAndTheOtherBoardUpdatesWithinASecond() throws Exception {
        signIn(alicePhone, "/board", token("alice"));
        signIn(bobLaptop, "/board", token("bob"));
        for (WebDriver board : List.of(alicePhone, bobLaptop)) {
            waiting(board, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("live"), "Live"));
        }

        // Both reps click the same card at once. The button is looked up at the click (a board re-renders its cards
        // on live updates); when one board already dropped the card before its rep could click (the other claim
        // was that fast), that round proves nothing about the refusal and is played again with a new lead.
        String contested = null;
        for (int round = 0; round < 5 && contested == null; round++) {
            String lead = campaignLead("pull", "Race AG");
            visible(alicePhone, card(lead));
            visible(bobLaptop, card(lead));
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> click(together, alicePhone, lead));
            CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> click(together, bobLaptop, lead));
            if (a.join() && b.join()) {
                contested = lead;
            } else {
                for (WebDriver board : List.of(alicePhone, bobLaptop)) {
                    waiting(board, Duration.ofSeconds(5)).until(ExpectedConditions.invisibilityOfElementLocated(card(lead)));
                    ((JavascriptExecutor) board).executeScript("document.getElementById('message').textContent = ''");
                }
            }
        }
        assertThat(contested).as("both reps clicked the same card in one of five rounds").isNotNull();
        for (WebDriver board : List.of(alicePhone, bobLaptop)) {
            waiting(board, Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("message")).getText().isEmpty());
        }
        List<String> messages = List.of(alicePhone.findElement(By.id("message")).getText(),
                bobLaptop.findElement(By.id("message")).getText());
        assertThat(messages).as("one winner, one clear refusal").filteredOn(m -> m.startsWith("You claimed Race AG")).hasSize(1);
        assertThat(messages).filteredOn(m -> m.contains("already claimed")).hasSize(1);
        for (WebDriver board : List.of(alicePhone, bobLaptop)) {
            waiting(board, Duration.ofSeconds(1)).until(ExpectedConditions.invisibilityOfElementLocated(card(contested)));
        }
        WebDriver winner = messages.get(0).startsWith("You claimed") ? alicePhone : bobLaptop;
        visible(winner, By.cssSelector("#my-leads [data-lead-id='" + contested + "']"));

        String next = campaignLead("pull", "Live Update SE");
        visible(alicePhone, card(next));
        visible(bobLaptop, card(next));
        // found right before the click: a board re-renders its cards on live updates
        WebElement claim = alicePhone.findElement(By.cssSelector("#open-leads [data-lead-id='" + next + "'] button.claim"));
        long clicked = System.nanoTime();
        claim.click();
        waiting(bobLaptop, Duration.ofSeconds(1)).until(ExpectedConditions.invisibilityOfElementLocated(card(next)));
        long leftOtherBoardMillis = (System.nanoTime() - clicked) / 1_000_000;
        assertThat(leftOtherBoardMillis).as("claimed on alice's board → gone from bob's").isLessThan(1_000);
        System.out.println("board update: lead claimed on one board left the other after " + leftOtherBoardMillis + " ms");
        visible(alicePhone, By.cssSelector("#my-leads [data-lead-id='" + next + "']"));
        assertThat(alicePhone.findElement(By.id("message")).getText()).startsWith("You claimed Live Update SE");
        assertThat(fitsWidth(alicePhone)).as("the board fits a phone's width").isTrue();
        screenshot(alicePhone, "board");
        assertNoConsoleErrors(alicePhone);
    }

    @Test
    void aPartnerSeesNoPersonalDataUntilAcceptingAnOffer() throws Exception {
        WebDriver partner = browser(390, 844);
        String offered = campaignLead("partner", "Partner Offer KG");
        String email = lead(offered).path("lead").path("email").asText();
        signIn(partner, "/board", token("pia"));
        WebElement offer = visible(partner, card(offered));
        assertThat(offer.getText()).contains("Partner Offer KG").contains("DE").contains("Accept within")
                .doesNotContain(email).doesNotContain("Jo");
        offer.findElement(By.cssSelector("button.accept")).click();
        WebElement mine = visible(partner, By.cssSelector("#my-leads [data-lead-id='" + offered + "']"));
        assertThat(mine.getText()).contains(email).contains("Jo");
        assertThat(partner.findElement(By.id("message")).getText()).startsWith("Accepted");
        assertNoConsoleErrors(partner);
    }

    /** Clicks the card's claim button as found now, together with the other rep; false when the card is gone already. */
    private static boolean click(CyclicBarrier together, WebDriver driver, String leadId) {
        try {
            together.await();
            return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "const b = document.querySelector(arguments[0]); if (!b) { return false; } b.click(); return true;",
                    "#open-leads [data-lead-id='" + leadId + "'] button.claim"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
