"""Documents to speech text: .txt/.docx/.pdf readers and the child process that runs them."""
