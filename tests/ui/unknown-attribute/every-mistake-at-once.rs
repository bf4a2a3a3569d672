use mpconfig::{Bootstrap, StartMethod};

// Three mistakes, three errors; the struct still implements the trait, so
// its use in main() adds no fourth.
#[derive(Bootstrap)]
struct App {
    #[mpconfig(start_method = "fork")]
    method: StartMethod,
    #[mpconfig(frozen)]
    frozen: bool,
    #[mpconfig(auto_dispatch, auto_dispatch)]
    dispatch: bool,
}

fn main() {
    let app = App { method: StartMethod::Fork, frozen: true, dispatch: true };
    let _ = app.bootstrap();
}
